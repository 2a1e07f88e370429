-- After a correct password the failure count of this account name and source address starts
-- afresh. Other addresses keep their counts, so a login here does not unblock a guesser elsewhere.
DELETE FROM login_failures WHERE username = :username AND source = :source

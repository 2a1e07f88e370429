DELETE FROM login_failures WHERE username = :username AND source = :source

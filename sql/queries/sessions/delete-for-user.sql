-- Ends a user's sessions, except the one given (its own, after a password change).
DELETE FROM sessions
WHERE user_id = (SELECT id FROM users WHERE username = :username) AND token_hash <> :keepTokenHash

-- Counts a wrong second-factor code against a pending session. The caller ends the session after
-- MAX_CODE_ATTEMPTS, so the login must start over with the password.
UPDATE sessions SET attempts = attempts + 1 WHERE token_hash = :tokenHash RETURNING attempts

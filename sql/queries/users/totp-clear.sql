-- Removes the second factor of an account, its pending enrolment and its recovery codes in one
-- statement. No row back means no such user (a 404).
WITH codes AS (DELETE FROM recovery_codes WHERE user_id = (SELECT id FROM users WHERE username = :username))
UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL
WHERE username = :username
RETURNING id

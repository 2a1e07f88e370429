-- Keeps a new TOTP secret aside until a code from it confirms enrolment (users/totp-enable). A
-- restarted enrolment overwrites the earlier pending secret.
UPDATE users SET totp_pending_secret = :secret WHERE id = :userId

-- Checked before an insert, so that a taken account name gets a clear 409 instead of a unique
-- violation.
SELECT 1 FROM users WHERE username = :username

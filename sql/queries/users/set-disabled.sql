-- Disables or re-enables an account. No row back means no such user (a 404). The caller ends the
-- sessions of a disabled account.
UPDATE users SET disabled = :disabled WHERE username = :username RETURNING id

-- Stores a new password hash and records when it changed. No row back means no such user (a 404).
-- The caller ends the other sessions of the user.
UPDATE users SET password_hash = :passwordHash, must_change_password = :mustChangePassword, password_changed_at = now()
WHERE username = :username
RETURNING id

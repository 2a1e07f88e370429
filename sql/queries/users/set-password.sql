UPDATE users SET password_hash = :passwordHash, must_change_password = :mustChangePassword, password_changed_at = now()
WHERE username = :username
RETURNING id

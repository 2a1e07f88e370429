-- A new account. must_change_password is set when someone else chose or saw the password.
INSERT INTO users (username, display_name, role, password_hash, must_change_password)
VALUES (:username, :displayName, :role, :passwordHash, :mustChangePassword)
RETURNING id, username, display_name AS "displayName", role, disabled

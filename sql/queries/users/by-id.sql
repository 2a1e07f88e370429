-- The full account with password hash and TOTP secrets, for the login steps after the password
-- and for changes to the own account (password, second factor).
SELECT id, username, display_name AS "displayName", role, disabled, password_hash AS "passwordHash",
       must_change_password AS "mustChangePassword", totp_secret AS "totpSecret",
       totp_pending_secret AS "totpPendingSecret"
FROM users WHERE id = :userId

-- The accounts for the administration page and the CLI. Only whether TOTP is set up is returned,
-- never the password hash or the secret.
SELECT id, username, display_name AS "displayName", role, disabled,
       must_change_password AS "mustChangePassword", totp_secret IS NOT NULL AS "totp",
       to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"
FROM users
ORDER BY username

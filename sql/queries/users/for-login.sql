-- One row whether or not the account exists (and whatever its state), so that unknown, disabled,
-- throttled and existing accounts cost the same statement.
SELECT u.id, u.username, u.display_name AS "displayName", u.role, coalesce(u.disabled, false) AS disabled,
       u.password_hash AS "passwordHash", coalesce(u.must_change_password, false) AS "mustChangePassword",
       u.totp_secret IS NOT NULL AS "totpEnabled", coalesce(f.blocked_until > now(), false) AS blocked
FROM (SELECT 1) AS one
LEFT JOIN users u ON u.username = :username
LEFT JOIN login_failures f ON f.username = :username AND f.source = :source

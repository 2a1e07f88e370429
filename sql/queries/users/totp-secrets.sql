-- Every stored TOTP secret (confirmed or being enrolled), for sealing at start (totp-secrets.ts).
SELECT id, username, totp_secret AS "totpSecret", totp_pending_secret AS "totpPendingSecret"
FROM users
WHERE totp_secret IS NOT NULL OR totp_pending_secret IS NOT NULL
ORDER BY id

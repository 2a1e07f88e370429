-- The enrolled secret becomes the account's, and the step of the confirming code counts as used.
UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = :step
WHERE id = :userId AND totp_pending_secret = :secret
RETURNING id

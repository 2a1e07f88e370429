-- The sealed forms of one account's TOTP secrets (the plain ones from before sealing, replaced).
UPDATE users SET totp_secret = :secret::text, totp_pending_secret = :pending::text WHERE id = :userId

UPDATE users SET totp_pending_secret = :secret WHERE id = :userId

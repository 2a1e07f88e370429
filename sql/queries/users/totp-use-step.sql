-- A code is accepted once: only a time step later than the last one used passes (RFC 6238 §5.2).
UPDATE users SET totp_last_step = :step
WHERE id = :userId AND (totp_last_step IS NULL OR totp_last_step < :step)
RETURNING id

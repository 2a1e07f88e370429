-- The next stage of a login; a session that becomes full gets the full lifetime from now.
UPDATE sessions SET stage = :stage, attempts = 0,
  expires_at = CASE WHEN :stage = 'full' THEN now() + make_interval(hours => :maxHours) ELSE expires_at END
WHERE token_hash = :tokenHash
RETURNING to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "expiresAt"

-- A new session, full or half-way through a login. Only the hash of the cookie token is stored,
-- so the table alone cannot be used to take over a session. The expiry goes back to the client.
INSERT INTO sessions (token_hash, user_id, csrf_token, stage, expires_at)
VALUES (:tokenHash, :userId, :csrfToken, :stage, now() + make_interval(secs => :lifetimeSeconds))
RETURNING to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "expiresAt"

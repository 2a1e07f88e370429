-- The session of a cookie token, if it exists, is within its absolute lifetime and was used within
-- the idle timeout; touching it (at most once every :touchSeconds) extends the idle window. One
-- statement: the UPDATE only runs, and only writes, when the last touch is old enough.
WITH live AS (
  SELECT s.token_hash, s.last_seen_at, s.stage, u.id, u.username, u.display_name, u.role, u.disabled, s.csrf_token,
         u.totp_secret IS NOT NULL AS totp
  FROM sessions s JOIN users u ON u.id = s.user_id
  WHERE s.token_hash = :tokenHash AND NOT u.disabled
    AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => :idleMinutes)
), touched AS (
  UPDATE sessions s SET last_seen_at = now() FROM live
  WHERE s.token_hash = live.token_hash AND live.last_seen_at <= now() - make_interval(secs => :touchSeconds)
)
-- A data-modifying WITH runs whether or not the main query reads it.
SELECT id, username, display_name AS "displayName", role, disabled, totp, csrf_token AS "csrfToken", stage FROM live

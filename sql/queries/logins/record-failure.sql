-- One more failure for this account name from this source. Past :maxFailures the pair waits
-- :baseSeconds, doubling with every further failure, up to :maxMinutes. A day without failures
-- starts the count afresh. Pairs idle for a day are pruned (other pairs only, so this statement
-- never deletes the row it upserts).
WITH pruned AS (
  DELETE FROM login_failures
  WHERE last_at < now() - interval '1 day' AND NOT (username = :username AND source = :source)
), counted AS (
  SELECT CASE WHEN f.last_at IS NULL OR f.last_at < now() - interval '1 day' THEN 1 ELSE f.failures + 1 END AS n
  FROM (SELECT 1) AS one LEFT JOIN login_failures f ON f.username = :username AND f.source = :source
)
INSERT INTO login_failures (username, source, failures, last_at, blocked_until)
SELECT :username, :source, n, now(),
       CASE WHEN n >= :maxFailures
            THEN now() + least(make_interval(mins => :maxMinutes), make_interval(secs => :baseSeconds * power(2, least(n - :maxFailures, 20))::integer))
       END
FROM counted
ON CONFLICT (username, source) DO UPDATE
  SET failures = EXCLUDED.failures, last_at = EXCLUDED.last_at, blocked_until = EXCLUDED.blocked_until

-- The audit log for the administration page, newest first, up to the limit. Each filter is off
-- when null. The to date is inclusive (before the next day).
SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, actor, role, action, target, details, ip, outcome
FROM audit_log
WHERE (:from::date IS NULL OR at >= :from::date) AND (:to::date IS NULL OR at < :to::date + 1)
  AND (:action::text IS NULL OR action = :action) AND (:actor::text IS NULL OR actor = :actor)
ORDER BY id DESC
LIMIT :limit

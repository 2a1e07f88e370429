-- The audit log for the administration page, newest first, up to the limit. Each filter is off
-- when null. The dates are calendar days in Dutch time (Europe/Amsterdam), the clock the page and
-- the briefings show: from midnight of the from date to midnight after the to date (inclusive), so
-- an entry shown as "7 december 00:30" is in the 7th, whatever the database's TimeZone.
SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, actor, role, action, target, details, ip, outcome
FROM audit_log
WHERE (:from::date IS NULL OR at >= (:from::date)::timestamp AT TIME ZONE 'Europe/Amsterdam')
  AND (:to::date IS NULL OR at < (:to::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')
  AND (:action::text IS NULL OR action = :action) AND (:actor::text IS NULL OR actor = :actor)
ORDER BY id DESC
LIMIT :limit

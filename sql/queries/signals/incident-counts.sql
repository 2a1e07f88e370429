-- Incidents per buurt, category and week of one municipality from :from to :to (both weeks'
-- days; weeks since Monday 1970-01-05): what the early-signal tests count. The rule and why:
-- server/analysis/incidents.ts, whose incidentCounts is the same rule in TypeScript
-- (tests/db/incident-counts.test.ts checks that both agree). Every import and rollback keeps them
-- (incident_counts, migration 020; rollups/change-incidents.sql). An episode's start depends only
-- on the square's earlier reports, so reports after :to, which the run does not see, cannot move
-- an incident up to :to (:to is the last day of a week).
SELECT buurt_code AS buurt, category, week, n
FROM incident_counts
WHERE gemeente_code = :gemeente
  AND week BETWEEN floor((:from::date - DATE '1970-01-05') / 7.0)::integer AND floor((:to::date - DATE '1970-01-05') / 7.0)::integer

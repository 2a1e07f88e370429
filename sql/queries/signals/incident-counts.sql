-- Incidents per buurt, category and week of one municipality: what the early-signal tests count
-- (the rule and why: server/analysis/incidents.ts, whose incidentCounts is the same rule in
-- TypeScript; tests/db/incident-counts.test.ts checks that both agree). Per snapped square and
-- category, the reports form episodes of :span weeks from the episode's first report
-- (incident_starts, migration 019); each episode is one incident, counted in its first week. Weeks
-- are weeks since Monday 1970-01-05. Every report up to :to is read, because where an episode
-- begins depends on the square's reports before it; incidents that began before :from are left
-- out. The square's coordinates come first in the grouping: the sort then compares numbers, and
-- the text codes only within one square (PostgreSQL 15 sorts in the order written). Run with
-- incident-settings.sql.
WITH located AS (
  SELECT buurt_code, category, ST_X(geom_rd) AS x, ST_Y(geom_rd) AS y,
         floor((received_on - DATE '1970-01-05') / 7.0)::integer AS week
  FROM reports
  WHERE gemeente_code = :gemeente AND received_on <= :to::date
), episodes AS (
  SELECT buurt_code, category, array_agg(DISTINCT week ORDER BY week) AS weeks
  FROM located
  GROUP BY x, y, category, buurt_code
)
SELECT e.buurt_code AS buurt, e.category, s.week, count(*)::int AS n
FROM episodes e CROSS JOIN LATERAL incident_starts(e.weeks, :span::integer) AS s(week)
WHERE s.week >= floor((:from::date - DATE '1970-01-05') / 7.0)::integer
GROUP BY e.buurt_code, e.category, s.week

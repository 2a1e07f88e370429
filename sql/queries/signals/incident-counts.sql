-- Incidents per buurt, category and week of one municipality from :from to :to (both weeks'
-- days; weeks since Monday 1970-01-05): what the early-signal tests count. The rule and why:
-- server/analysis/incidents.ts, whose incidentCounts is the same rule in TypeScript
-- (tests/db/incident-counts.test.ts checks that both agree). Every import and rollback keeps the
-- number of squares whose incident began on each day (incident_counts, migrations 020 and 022;
-- rollups/change-incidents.sql); here rule 2 is applied: a day on which same_day_squares() or more
-- squares of a buurt began an incident of one category, with no incident of that buurt and
-- category in the same_day_quiet_days() days before, counts as one (so the days before :from are
-- read too). Only earlier days decide, and an episode's start depends only on the square's
-- earlier reports, so reports after :to, which the run does not see, cannot move an incident up
-- to :to (:to is the last day of a week).
WITH bounds AS (
  SELECT floor((:from::date - DATE '1970-01-05') / 7.0)::integer AS first_week,
         floor((:to::date - DATE '1970-01-05') / 7.0)::integer AS last_week
),
days AS (
  SELECT buurt_code, category, day, n,
         count(*) OVER (PARTITION BY buurt_code, category ORDER BY day
                        RANGE BETWEEN make_interval(days => same_day_quiet_days()) PRECEDING AND interval '1 day' PRECEDING) AS busy_before
  FROM incident_counts, bounds
  WHERE gemeente_code = :gemeente
    AND day >= DATE '1970-01-05' + 7 * first_week - same_day_quiet_days()
    AND day <= DATE '1970-01-05' + 7 * last_week + 6
)
SELECT buurt_code AS buurt, category, floor((day - DATE '1970-01-05') / 7.0)::integer AS week,
       sum(CASE WHEN n >= same_day_squares() AND busy_before = 0 THEN 1 ELSE n END)::integer AS n
FROM days, bounds
WHERE day >= DATE '1970-01-05' + 7 * first_week
GROUP BY buurt_code, category, floor((day - DATE '1970-01-05') / 7.0)::integer

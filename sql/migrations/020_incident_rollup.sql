-- The early-signal tests count incidents (server/analysis/incidents.ts states the rule): per
-- snapped square and category, episodes of incident_weeks() weeks from the episode's first report.
-- Deriving them at every run read and sorted every report of the municipality: 2.3-7 s for
-- Almelo's 591,160 reports of the benchmark million, most of a run's time on a slow machine
-- (docs/benchmarks.md). They are now kept as a rollup, changed by each import and rollback for the
-- squares it touches (rollups/change-incidents.sql), so a run reads only its counts per buurt and week.

-- INCIDENT_WEEKS of server/analysis/incidents.ts (tests/db/incident-counts.test.ts holds them
-- equal). The stored incidents were derived with it: changing it needs a migration that redefines
-- this function and rebuilds incident_counts.
CREATE FUNCTION incident_weeks() RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT 6';

-- Incidents per buurt, category and week: the episode starts (incident_starts, migration 019) of
-- every square, counted. What a run reads.
CREATE TABLE incident_counts (
  gemeente_code text COLLATE "C" NOT NULL,
  buurt_code    text COLLATE "C" NOT NULL,
  category      text COLLATE "C" NOT NULL,
  week          integer NOT NULL,
  n             integer NOT NULL,
  PRIMARY KEY (gemeente_code, buurt_code, category, week)
);

-- A database that already holds reports: as a rebuild would derive them (rollups/change-incidents.sql).
INSERT INTO incident_counts (gemeente_code, buurt_code, category, week, n)
SELECT sq.gemeente_code, sq.buurt_code, sq.category, s.week, count(*)::integer
FROM (SELECT gemeente_code, buurt_code, category,
             array_agg(DISTINCT floor((received_on - DATE '1970-01-05') / 7.0)::integer
                       ORDER BY floor((received_on - DATE '1970-01-05') / 7.0)::integer) AS weeks
      FROM reports
      GROUP BY ST_X(geom_rd), ST_Y(geom_rd), category, buurt_code, gemeente_code) sq
CROSS JOIN LATERAL incident_starts(sq.weeks, incident_weeks()) AS s(week)
GROUP BY 1, 2, 3, 4;

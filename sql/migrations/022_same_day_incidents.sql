-- Incidents that begin on one day in several squares of one buurt count as one after quiet weeks
-- (rule 2 of server/analysis/incidents.ts, which says why). A person who files five reports about
-- five addresses of a street on one afternoon, or five neighbours who report one smell, is one
-- event; counted as five it made lead signals that stayed listed for weeks (docs/evaluation.md,
-- "Frequent reporters"). The rule needs each incident's first day, so the rollup keeps episode
-- starts per day instead of per week: n is the number of squares whose incident began that day,
-- and the runs' query (signals/incident-counts.sql) applies the rule.

-- SAME_DAY_SQUARES and SAME_DAY_QUIET_DAYS of server/analysis/incidents.ts
-- (tests/db/incident-counts.test.ts holds them equal).
CREATE FUNCTION same_day_squares() RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT 3';
CREATE FUNCTION same_day_quiet_days() RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT 14';

-- incident_starts of migration 019 on days: given the ascending distinct days of one square and
-- category (days since 1970-01-01), the first day of every episode; an episode spans `span` weeks
-- (weeks since Monday 1970-01-05, as everywhere) from the week of its first day.
CREATE FUNCTION incident_start_days(days integer[], span integer) RETURNS SETOF integer
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  d integer;
  w integer;
  episode integer := NULL;
BEGIN
  FOREACH d IN ARRAY days LOOP
    w := floor((d - 4) / 7.0)::integer;
    IF episode IS NULL OR w >= episode + span THEN
      episode := w;
      RETURN NEXT d;
    END IF;
  END LOOP;
END
$$;

DROP TABLE incident_counts;

-- Squares whose incident (incident_start_days) began on a day, per buurt and category.
CREATE TABLE incident_counts (
  gemeente_code text COLLATE "C" NOT NULL,
  buurt_code    text COLLATE "C" NOT NULL,
  category      text COLLATE "C" NOT NULL,
  day           date NOT NULL,
  n             integer NOT NULL,
  PRIMARY KEY (gemeente_code, buurt_code, category, day)
);

-- A database that already holds reports: as a rebuild would derive them (rollups/change-incidents.sql).
INSERT INTO incident_counts (gemeente_code, buurt_code, category, day, n)
SELECT sq.gemeente_code, sq.buurt_code, sq.category, DATE '1970-01-01' + s.day, count(*)::integer
FROM (SELECT gemeente_code, buurt_code, category,
             array_agg(DISTINCT received_on - DATE '1970-01-01' ORDER BY received_on - DATE '1970-01-01') AS days
      FROM reports
      GROUP BY ST_X(geom_rd), ST_Y(geom_rd), category, buurt_code, gemeente_code) sq
CROSS JOIN LATERAL incident_start_days(sq.days, incident_weeks()) AS s(day)
GROUP BY 1, 2, 3, 4;

-- The week-level function is no longer used.
DROP FUNCTION incident_starts(integer[], integer);

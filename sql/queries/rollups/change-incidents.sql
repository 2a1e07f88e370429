-- Changes incident_counts (migrations 020 and 022: squares whose incident began on a day) by what
-- batch :batchId (NULL: every report) does to the incidents: :sign 1 after its reports were
-- inserted, -1 before they are deleted. Where a square's episodes begin depends on all its days
-- (incident_start_days, migration 022; the rule: server/analysis/incidents.ts), so a report on one
-- day can move every later episode of its square: for each square and category the batch touches,
-- the episodes are derived from all the square's reports and from those without the batch, and
-- the difference is added. (The same-day merge is the reading query's: it needs only these counts.) Squares the
-- batch does not touch are left as they are. The touched squares' reports are found by a scan
-- of the reports (no index by square: keeping one would cost every import more than this scan).
-- The grouping sorts by the square's coordinates first: numbers, so the text codes are compared
-- only within one square.
-- The difference is right because writers of reports run one after another (the data_version
-- row lock of migration 006, held until commit): this statement sees every other batch's reports
-- (tests/db/imports.test.ts, two imports at once). A key whose count falls to zero is deleted
-- (rollups hold no zeros); updating, deleting and inserting touch disjoint keys (all see
-- incident_counts as it was before the statement).
WITH scope AS MATERIALIZED (
  -- A first load (or a rebuild) touches every square: then no report needs the test below.
  SELECT :batchId::bigint IS NULL OR NOT EXISTS (SELECT 1 FROM reports WHERE batch_id <> :batchId::bigint) AS every
),
squares AS (
  SELECT gemeente_code, buurt_code, category,
         array_agg(DISTINCT day ORDER BY day) AS days,
         COALESCE(array_agg(DISTINCT day ORDER BY day) FILTER (WHERE batch_id <> :batchId::bigint), '{}') AS days_without
  FROM (SELECT gemeente_code, buurt_code, category, batch_id, ST_X(geom_rd) AS x, ST_Y(geom_rd) AS y,
               received_on - DATE '1970-01-01' AS day
        FROM reports) r
  -- A hashed subplan: the batch's squares are hashed once, each report is looked up.
  WHERE (SELECT every FROM scope)
     OR (gemeente_code, x, y, category, buurt_code) IN (SELECT gemeente_code, ST_X(geom_rd), ST_Y(geom_rd), category, buurt_code
                                                        FROM reports WHERE batch_id = :batchId::bigint)
  GROUP BY x, y, category, buurt_code, gemeente_code
),
d AS (
  SELECT gemeente_code, buurt_code, category, DATE '1970-01-01' + day AS day, (:sign::integer * sum(n))::integer AS n
  FROM (SELECT sq.gemeente_code, sq.buurt_code, sq.category, s.day, 1 AS n
        FROM squares sq CROSS JOIN LATERAL incident_start_days(sq.days, incident_weeks()) AS s(day)
        UNION ALL
        SELECT sq.gemeente_code, sq.buurt_code, sq.category, s.day, -1
        FROM squares sq CROSS JOIN LATERAL incident_start_days(sq.days_without, incident_weeks()) AS s(day)
        WHERE cardinality(sq.days_without) > 0) starts
  GROUP BY 1, 2, 3, 4
  HAVING sum(n) <> 0
),
changed AS (
  UPDATE incident_counts t SET n = t.n + d.n FROM d
  WHERE t.gemeente_code = d.gemeente_code AND t.buurt_code = d.buurt_code AND t.category = d.category AND t.day = d.day
    AND t.n + d.n > 0
  RETURNING 1
),
gone AS (
  DELETE FROM incident_counts t USING d
  WHERE t.gemeente_code = d.gemeente_code AND t.buurt_code = d.buurt_code AND t.category = d.category AND t.day = d.day
    AND t.n + d.n <= 0
  RETURNING 1
),
added AS (
  INSERT INTO incident_counts (gemeente_code, buurt_code, category, day, n)
  SELECT d.* FROM d
  WHERE NOT EXISTS (SELECT 1 FROM incident_counts t
                    WHERE t.gemeente_code = d.gemeente_code AND t.buurt_code = d.buurt_code AND t.category = d.category AND t.day = d.day)
  ORDER BY 1, 2, 3, 4
  RETURNING 1
)
SELECT ((SELECT count(*) FROM changed) + (SELECT count(*) FROM gone) + (SELECT count(*) FROM added))::integer AS incident_rows

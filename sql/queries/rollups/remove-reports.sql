-- $1 batch id: takes this batch's reports out of the rollups, run in the rollback transaction
-- before the reports are deleted. A rollup row that only this batch filled is deleted (rollups
-- hold no zeros); the others are decreased.
WITH batch AS MATERIALIZED (
  SELECT received_on, buurt_code, gemeente_code, category, source,
         hex250_i, hex250_j, hex500_i, hex500_j, hex1000_i, hex1000_j
  FROM reports WHERE batch_id = $1::bigint
),
daily_delta AS MATERIALIZED (
  SELECT received_on AS day, buurt_code, category, source, count(*)::integer AS n FROM batch GROUP BY 1, 2, 3, 4
),
monthly_delta AS MATERIALIZED (
  SELECT date_trunc('month', day)::date AS month, buurt_code, category, source, sum(n)::integer AS n FROM daily_delta GROUP BY 1, 2, 3, 4
),
cell_delta AS MATERIALIZED (
  SELECT size, i, j, gemeente_code, month, category, source, count(*)::integer AS n
  FROM (
    SELECT 250 AS size, hex250_i AS i, hex250_j AS j, gemeente_code, date_trunc('month', received_on)::date AS month, category, source FROM batch
    UNION ALL
    SELECT 500, hex500_i, hex500_j, gemeente_code, date_trunc('month', received_on)::date, category, source FROM batch
    UNION ALL
    SELECT 1000, hex1000_i, hex1000_j, gemeente_code, date_trunc('month', received_on)::date, category, source FROM batch
  ) c
  GROUP BY 1, 2, 3, 4, 5, 6, 7
),
-- Deleting (n <= the batch's share) and decreasing (n > it) touch disjoint rows.
daily_gone AS (
  DELETE FROM report_counts_daily t USING daily_delta x
  WHERE t.day = x.day AND t.buurt_code = x.buurt_code AND t.category = x.category AND t.source = x.source AND t.n <= x.n
  RETURNING 1
),
daily_less AS (
  UPDATE report_counts_daily t SET n = t.n - x.n FROM daily_delta x
  WHERE t.day = x.day AND t.buurt_code = x.buurt_code AND t.category = x.category AND t.source = x.source AND t.n > x.n
  RETURNING 1
),
monthly_gone AS (
  DELETE FROM report_counts_monthly t USING monthly_delta x
  WHERE t.month = x.month AND t.buurt_code = x.buurt_code AND t.category = x.category AND t.source = x.source AND t.n <= x.n
  RETURNING 1
),
monthly_less AS (
  UPDATE report_counts_monthly t SET n = t.n - x.n FROM monthly_delta x
  WHERE t.month = x.month AND t.buurt_code = x.buurt_code AND t.category = x.category AND t.source = x.source AND t.n > x.n
  RETURNING 1
),
cell_gone AS (
  DELETE FROM report_counts_cell_monthly t USING cell_delta x
  WHERE t.size = x.size AND t.gemeente_code = x.gemeente_code AND t.month = x.month AND t.i = x.i AND t.j = x.j
    AND t.category = x.category AND t.source = x.source AND t.n <= x.n
  RETURNING 1
),
cell_less AS (
  UPDATE report_counts_cell_monthly t SET n = t.n - x.n FROM cell_delta x
  WHERE t.size = x.size AND t.gemeente_code = x.gemeente_code AND t.month = x.month AND t.i = x.i AND t.j = x.j
    AND t.category = x.category AND t.source = x.source AND t.n > x.n
  RETURNING 1
)
SELECT (SELECT count(*) FROM (SELECT day FROM daily_delta GROUP BY day) d)::integer AS days,
       ((SELECT count(*) FROM daily_gone) + (SELECT count(*) FROM daily_less))::integer AS daily_rows,
       ((SELECT count(*) FROM monthly_gone) + (SELECT count(*) FROM monthly_less))::integer AS monthly_rows,
       ((SELECT count(*) FROM cell_gone) + (SELECT count(*) FROM cell_less))::integer AS cell_monthly_rows

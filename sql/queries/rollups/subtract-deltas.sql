-- Takes the deltas (create-deltas.sql) of one batch out of the rollups, run in the rollback
-- transaction before its reports are deleted. A rollup row that only this batch filled is deleted
-- (rollups hold no zeros); the others are decreased.
WITH monthly_delta AS MATERIALIZED (
  SELECT iso_month(day) AS month, buurt_code, category, source, sum(n)::integer AS n, (sum(key_sum) % 4294967296)::bigint AS key_sum
  FROM rollup_daily_delta GROUP BY 1, 2, 3, 4
),
-- Deleting (n <= the batch's share) and decreasing (n > it) touch disjoint rows.
daily_gone AS (
  DELETE FROM report_counts_daily t USING rollup_daily_delta x
  WHERE t.day = x.day AND t.buurt_code = x.buurt_code AND t.category = x.category AND t.source = x.source AND t.n <= x.n
  RETURNING 1
),
daily_less AS (
  UPDATE report_counts_daily t SET n = t.n - x.n, key_sum = (t.key_sum - x.key_sum + 4294967296) % 4294967296 FROM rollup_daily_delta x
  WHERE t.day = x.day AND t.buurt_code = x.buurt_code AND t.category = x.category AND t.source = x.source AND t.n > x.n
  RETURNING 1
),
monthly_gone AS (
  DELETE FROM report_counts_monthly t USING monthly_delta x
  WHERE t.month = x.month AND t.buurt_code = x.buurt_code AND t.category = x.category AND t.source = x.source AND t.n <= x.n
  RETURNING 1
),
monthly_less AS (
  UPDATE report_counts_monthly t SET n = t.n - x.n, key_sum = (t.key_sum - x.key_sum + 4294967296) % 4294967296 FROM monthly_delta x
  WHERE t.month = x.month AND t.buurt_code = x.buurt_code AND t.category = x.category AND t.source = x.source AND t.n > x.n
  RETURNING 1
),
cell_gone AS (
  DELETE FROM report_counts_cell_monthly t USING rollup_cell_delta x
  WHERE t.size = x.size AND t.gemeente_code = x.gemeente_code AND t.month = x.month AND t.i = x.i AND t.j = x.j
    AND t.category = x.category AND t.source = x.source AND t.n <= x.n
  RETURNING 1
),
cell_less AS (
  UPDATE report_counts_cell_monthly t SET n = t.n - x.n, key_sum = (t.key_sum - x.key_sum + 4294967296) % 4294967296 FROM rollup_cell_delta x
  WHERE t.size = x.size AND t.gemeente_code = x.gemeente_code AND t.month = x.month AND t.i = x.i AND t.j = x.j
    AND t.category = x.category AND t.source = x.source AND t.n > x.n
  RETURNING 1
)
SELECT (SELECT count(*) FROM (SELECT day FROM rollup_daily_delta GROUP BY day) d)::integer AS days,
       ((SELECT count(*) FROM daily_gone) + (SELECT count(*) FROM daily_less))::integer AS daily_rows,
       ((SELECT count(*) FROM monthly_gone) + (SELECT count(*) FROM monthly_less))::integer AS monthly_rows,
       ((SELECT count(*) FROM cell_gone) + (SELECT count(*) FROM cell_less))::integer AS cell_monthly_rows

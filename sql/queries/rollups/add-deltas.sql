-- Adds the deltas (create-deltas.sql) to the rollups, run in the transaction that inserted their
-- reports. Counts are added to rows that exist and new rows are inserted, so days and months that
-- already had reports stay right and nothing from earlier imports is read again.
-- (An update plus an anti-join insert in key order rather than INSERT … ON CONFLICT: speculative
-- insertion costs about three times as much per row in bulk. Both see the rollups as they were
-- before the statement, so they touch disjoint rows. When no rollup row exists yet in the deltas'
-- months — a first load, or a new period — all of that is skipped and the rows are only inserted:
-- the rollups come from the same reports, so the daily one answers for all three.)
WITH overlap AS MATERIALIZED (
  SELECT EXISTS (SELECT 1 FROM report_counts_daily d
                 WHERE d.day BETWEEN (SELECT iso_month_start(iso_month(min(day))) FROM rollup_daily_delta)
                                 AND (SELECT iso_month_start((iso_month(max(day)) + interval '1 month')::date) - 1 FROM rollup_daily_delta)) AS found
),
daily_more AS (
  UPDATE report_counts_daily t SET n = t.n + x.n, key_sum = (t.key_sum + x.key_sum) % 4294967296 FROM rollup_daily_delta x
  WHERE (SELECT found FROM overlap) AND t.day = x.day AND t.buurt_code = x.buurt_code AND t.category = x.category AND t.source = x.source
  RETURNING 1
),
daily_new AS (
  INSERT INTO report_counts_daily (day, buurt_code, wijk_code, gemeente_code, category, source, n, key_sum)
  SELECT x.* FROM rollup_daily_delta x
  WHERE NOT ((SELECT found FROM overlap) AND EXISTS (SELECT 1 FROM report_counts_daily t
                    WHERE t.day = x.day AND t.buurt_code = x.buurt_code AND t.category = x.category AND t.source = x.source))
  ORDER BY x.day, x.buurt_code, x.category, x.source
  RETURNING 1
),
monthly_delta AS MATERIALIZED (
  SELECT iso_month(day) AS month, buurt_code, wijk_code, gemeente_code, category, source, sum(n)::integer AS n,
         (sum(key_sum) % 4294967296)::bigint AS key_sum
  FROM rollup_daily_delta GROUP BY 1, 2, 3, 4, 5, 6
),
monthly_more AS (
  UPDATE report_counts_monthly t SET n = t.n + x.n, key_sum = (t.key_sum + x.key_sum) % 4294967296 FROM monthly_delta x
  WHERE (SELECT found FROM overlap) AND t.month = x.month AND t.buurt_code = x.buurt_code AND t.category = x.category AND t.source = x.source
  RETURNING 1
),
monthly_new AS (
  INSERT INTO report_counts_monthly (month, buurt_code, wijk_code, gemeente_code, category, source, n, key_sum)
  SELECT x.* FROM monthly_delta x
  WHERE NOT ((SELECT found FROM overlap) AND EXISTS (SELECT 1 FROM report_counts_monthly t
                    WHERE t.month = x.month AND t.buurt_code = x.buurt_code AND t.category = x.category AND t.source = x.source))
  ORDER BY x.month, x.buurt_code, x.category, x.source
  RETURNING 1
),
cell_more AS (
  UPDATE report_counts_cell_monthly t SET n = t.n + x.n, key_sum = (t.key_sum + x.key_sum) % 4294967296 FROM rollup_cell_delta x
  WHERE (SELECT found FROM overlap) AND t.size = x.size AND t.gemeente_code = x.gemeente_code AND t.month = x.month AND t.i = x.i AND t.j = x.j
    AND t.category = x.category AND t.source = x.source
  RETURNING 1
),
cell_new AS (
  INSERT INTO report_counts_cell_monthly (size, i, j, gemeente_code, month, category, source, n, key_sum)
  SELECT x.* FROM rollup_cell_delta x
  WHERE NOT ((SELECT found FROM overlap) AND EXISTS (SELECT 1 FROM report_counts_cell_monthly t
                    WHERE t.size = x.size AND t.gemeente_code = x.gemeente_code AND t.month = x.month AND t.i = x.i AND t.j = x.j
                      AND t.category = x.category AND t.source = x.source))
  ORDER BY x.size, x.gemeente_code, x.month, x.i, x.j, x.category, x.source
  RETURNING 1
)
SELECT (SELECT count(*) FROM (SELECT day FROM rollup_daily_delta GROUP BY day) d)::integer AS days,
       ((SELECT count(*) FROM daily_more) + (SELECT count(*) FROM daily_new))::integer AS daily_rows,
       ((SELECT count(*) FROM monthly_more) + (SELECT count(*) FROM monthly_new))::integer AS monthly_rows,
       ((SELECT count(*) FROM cell_more) + (SELECT count(*) FROM cell_new))::integer AS cell_monthly_rows

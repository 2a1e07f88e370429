-- $1 days (text[]): rebuilds the monthly rollups of the months of these days from the daily ones
-- (run after build-days). One range scan over the daily rollups, filtered to the affected months.
WITH months AS (SELECT array_agg(DISTINCT date_trunc('month', d)::date) AS list, min(d) AS lo, max(d) AS hi
                FROM unnest($1::text[]::date[]) d),
span AS (SELECT list, date_trunc('month', lo)::date AS lo, (date_trunc('month', hi) + interval '1 month' - interval '1 day')::date AS hi FROM months),
monthly AS (
  INSERT INTO report_counts_monthly (month, buurt_code, wijk_code, gemeente_code, category, source, n)
  SELECT date_trunc('month', d.day)::date, d.buurt_code, d.wijk_code, d.gemeente_code, d.category, d.source, sum(d.n)
  FROM report_counts_daily d, span
  WHERE d.day BETWEEN span.lo AND span.hi AND date_trunc('month', d.day)::date = ANY (span.list)
  GROUP BY 1, 2, 3, 4, 5, 6
  RETURNING 1
),
cell_monthly AS (
  INSERT INTO report_counts_cell_monthly (size, i, j, gemeente_code, month, category, source, n)
  SELECT c.size, c.i, c.j, c.gemeente_code, date_trunc('month', c.day)::date, c.category, c.source, sum(c.n)
  FROM report_counts_cell c, span
  WHERE c.day BETWEEN span.lo AND span.hi AND date_trunc('month', c.day)::date = ANY (span.list)
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  RETURNING 1
)
SELECT (SELECT count(*) FROM monthly)::integer AS monthly_rows, (SELECT count(*) FROM cell_monthly)::integer AS cell_monthly_rows

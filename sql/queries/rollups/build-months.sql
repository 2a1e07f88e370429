-- $1 days (text[]): rebuilds the monthly rollups of the months of these days from the daily ones
-- (run after build-days).
WITH months AS (SELECT DISTINCT date_trunc('month', unnest($1::text[])::date)::date AS month),
monthly AS (
  INSERT INTO report_counts_monthly (month, buurt_code, wijk_code, gemeente_code, category, source, n)
  SELECT m.month, d.buurt_code, d.wijk_code, d.gemeente_code, d.category, d.source, sum(d.n)
  FROM report_counts_daily d JOIN months m ON d.day >= m.month AND d.day < m.month + interval '1 month'
  GROUP BY 1, 2, 3, 4, 5, 6
  RETURNING 1
),
cell_monthly AS (
  INSERT INTO report_counts_cell_monthly (size, i, j, gemeente_code, month, category, source, n)
  SELECT c.size, c.i, c.j, c.gemeente_code, m.month, c.category, c.source, sum(c.n)
  FROM report_counts_cell c JOIN months m ON c.day >= m.month AND c.day < m.month + interval '1 month'
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  RETURNING 1
)
SELECT (SELECT count(*) FROM monthly)::integer AS monthly_rows, (SELECT count(*) FROM cell_monthly)::integer AS cell_monthly_rows

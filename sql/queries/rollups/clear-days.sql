-- $1 days (text[]): drops the rollups of these days and of their months before they are rebuilt.
WITH days AS (SELECT unnest($1::text[])::date AS day),
months AS (SELECT DISTINCT date_trunc('month', day)::date AS month FROM days),
daily AS (DELETE FROM report_counts_daily d USING days WHERE d.day = days.day RETURNING 1),
cell AS (DELETE FROM report_counts_cell c USING days WHERE c.day = days.day RETURNING 1),
monthly AS (DELETE FROM report_counts_monthly m USING months WHERE m.month = months.month RETURNING 1),
cell_monthly AS (DELETE FROM report_counts_cell_monthly m USING months WHERE m.month = months.month RETURNING 1)
SELECT (SELECT count(*) FROM daily)::integer AS daily_rows, (SELECT count(*) FROM cell)::integer AS cell_rows,
       (SELECT count(*) FROM monthly)::integer AS monthly_rows, (SELECT count(*) FROM cell_monthly)::integer AS cell_monthly_rows

-- $1 days (text[]): drops both rollups for these days before they are rebuilt.
WITH days AS (SELECT unnest($1::text[])::date AS day),
daily AS (DELETE FROM report_counts_daily d USING days WHERE d.day = days.day RETURNING 1),
cell AS (DELETE FROM report_counts_cell c USING days WHERE c.day = days.day RETURNING 1)
SELECT (SELECT count(*) FROM daily)::integer AS daily_rows, (SELECT count(*) FROM cell)::integer AS cell_rows

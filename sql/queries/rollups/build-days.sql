-- $1 days (text[]): rebuilds the daily rollup (day × buurt × category × source) and the hexagon
-- rollup (size × cell × day × category × source) for exactly these days from `reports`.
WITH days AS (SELECT unnest($1::text[])::date AS day),
daily AS (
  INSERT INTO report_counts_daily (day, buurt_code, wijk_code, gemeente_code, category, source, n)
  SELECT r.received_on, r.buurt_code, r.wijk_code, r.gemeente_code, r.category, r.source, count(*)
  FROM reports r JOIN days ON r.received_on = days.day
  GROUP BY 1, 2, 3, 4, 5, 6
  RETURNING 1
),
cell AS (
  INSERT INTO report_counts_cell (size, i, j, gemeente_code, day, category, source, n)
  SELECT s.size, h.c[1], h.c[2], r.gemeente_code, r.received_on, r.category, r.source, count(*)
  FROM reports r JOIN days ON r.received_on = days.day
  CROSS JOIN (VALUES (250), (500), (1000)) s (size)
  CROSS JOIN LATERAL (SELECT hex_cell(ST_X(r.geom_rd), ST_Y(r.geom_rd), s.size) AS c) h
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  RETURNING 1
)
SELECT (SELECT count(*) FROM daily)::integer AS daily_rows, (SELECT count(*) FROM cell)::integer AS cell_rows

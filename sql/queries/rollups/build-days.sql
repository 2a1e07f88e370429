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
  SELECT size, c[1], c[2], gemeente_code, received_on, category, source, count(*)
  FROM (
    -- OFFSET 0 keeps this a separate step, so the cell is computed once per report and size.
    SELECT s.size, hex_cell(p.x, p.y, s.size) AS c, p.gemeente_code, p.received_on, p.category, p.source
    FROM (SELECT ST_X(r.geom_rd) AS x, ST_Y(r.geom_rd) AS y, r.gemeente_code, r.received_on, r.category, r.source
          FROM reports r JOIN days ON r.received_on = days.day) p
    CROSS JOIN (VALUES (250), (500), (1000)) s (size)
    OFFSET 0
  ) cells
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  RETURNING 1
)
SELECT (SELECT count(*) FROM daily)::integer AS daily_rows, (SELECT count(*) FROM cell)::integer AS cell_rows

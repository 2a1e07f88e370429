-- Counts and record-key sums per hexagon cell of size :size in [:from, :to] (whole ISO weeks), category
-- :category, source :source (NULL = all), gemeente :gemeente (NULL = all); whole ISO-week months from the monthly cell
-- rollup, edge weeks from the reports' stored cells (there is no daily cell rollup: at that grain
-- it is larger than the reports). Only cells with reports appear; the cells themselves (geometry,
-- area, centroid) come from stats/cell-geometries, cached per data version.
WITH parts AS (SELECT * FROM period_parts(:from::date, :to::date)),
counts AS (
  SELECT m.gemeente_code, m.i, m.j, m.n, m.key_sum
  FROM parts JOIN report_counts_cell_monthly m ON parts.monthly AND m.month BETWEEN parts.lo AND parts.hi
  WHERE m.size = :size AND (:category::text IS NULL OR m.category = :category::text) AND (:source::text IS NULL OR m.source = :source::text)
    AND (:gemeente::text IS NULL OR m.gemeente_code = :gemeente::text)
  UNION ALL
  SELECT r.gemeente_code,
         CASE :size::integer WHEN 250 THEN r.hex250_i WHEN 500 THEN r.hex500_i ELSE r.hex1000_i END,
         CASE :size::integer WHEN 250 THEN r.hex250_j WHEN 500 THEN r.hex500_j ELSE r.hex1000_j END,
         1, r.record_key
  FROM parts JOIN reports r ON NOT parts.monthly AND r.received_on BETWEEN parts.lo AND parts.hi
  WHERE (:category::text IS NULL OR r.category = :category::text) AND (:source::text IS NULL OR r.source = :source::text)
    AND (:gemeente::text IS NULL OR r.gemeente_code = :gemeente::text)
),
per_cell AS (SELECT gemeente_code, i, j, sum(n) AS n, sum(key_sum) AS key_sum FROM counts GROUP BY 1, 2, 3)
SELECT gemeente_code AS gemeente, i, j, n::integer AS n, (key_sum % 4294967296)::bigint AS key_sum FROM per_cell

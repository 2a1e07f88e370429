-- Reports per hexagon cell of size $1 of municipality $2 in [$3, $4], categories $5 and sources $6
-- (NULL = all): the values of a hot spot map. Whole months from the monthly cell rollup, edge days
-- from the reports' stored cells. Only non-zero cells; the caller adds the zeros.
WITH parts AS (SELECT * FROM period_parts($3::date, $4::date)),
counts AS (
  SELECT m.i, m.j, m.n
  FROM parts JOIN report_counts_cell_monthly m ON parts.monthly AND m.month BETWEEN parts.lo AND parts.hi
  WHERE m.size = $1 AND m.gemeente_code = $2
    AND ($5::text[] IS NULL OR m.category = ANY ($5::text[])) AND ($6::text[] IS NULL OR m.source = ANY ($6::text[]))
  UNION ALL
  SELECT CASE $1::integer WHEN 250 THEN r.hex250_i WHEN 500 THEN r.hex500_i ELSE r.hex1000_i END,
         CASE $1::integer WHEN 250 THEN r.hex250_j WHEN 500 THEN r.hex500_j ELSE r.hex1000_j END,
         1
  FROM parts JOIN reports r ON NOT parts.monthly AND r.received_on BETWEEN parts.lo AND parts.hi
  WHERE r.gemeente_code = $2
    AND ($5::text[] IS NULL OR r.category = ANY ($5::text[])) AND ($6::text[] IS NULL OR r.source = ANY ($6::text[]))
)
SELECT i, j, sum(n)::integer AS n FROM counts GROUP BY i, j

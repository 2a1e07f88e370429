-- Reports per hexagon cell of size $1 of municipality $2 in [$3, $4], categories $5 and sources $6
-- (NULL = all): the values of a hot spot map. Only non-zero cells; the caller adds the zeros.
SELECT i, j, sum(n)::integer AS n
FROM report_counts_cell
WHERE size = $1 AND gemeente_code = $2 AND day BETWEEN $3::date AND $4::date
  AND ($5::text[] IS NULL OR category = ANY ($5::text[]))
  AND ($6::text[] IS NULL OR source = ANY ($6::text[]))
GROUP BY i, j

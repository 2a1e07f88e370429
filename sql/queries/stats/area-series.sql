-- Counts and record-key sums of one area ($1, of level $2) for a list of periods: bucket $3[k] …
-- $4[k] (whole ISO weeks, or whole ISO-week months), category $5, source $6 (NULL = all). One row
-- per bucket, in order, with zeros.
WITH buckets AS (
  SELECT b.ord::integer AS ord, b.lo, b.hi FROM unnest($3::date[], $4::date[]) WITH ORDINALITY AS b (lo, hi, ord)
),
parts AS (SELECT b.ord, x.monthly, x.lo, x.hi FROM buckets b CROSS JOIN LATERAL period_parts(b.lo, b.hi) x),
counts AS (
  SELECT parts.ord, m.n, m.key_sum
  FROM parts JOIN report_counts_monthly m ON parts.monthly AND m.month BETWEEN parts.lo AND parts.hi
  WHERE CASE $2::text WHEN 'buurt' THEN m.buurt_code = $1::text WHEN 'wijk' THEN m.wijk_code = $1::text ELSE m.gemeente_code = $1::text END
    AND ($5::text IS NULL OR m.category = $5::text) AND ($6::text IS NULL OR m.source = $6::text)
  UNION ALL
  SELECT parts.ord, d.n, d.key_sum
  FROM parts JOIN report_counts_daily d ON NOT parts.monthly AND d.day BETWEEN parts.lo AND parts.hi
  WHERE CASE $2::text WHEN 'buurt' THEN d.buurt_code = $1::text WHEN 'wijk' THEN d.wijk_code = $1::text ELSE d.gemeente_code = $1::text END
    AND ($5::text IS NULL OR d.category = $5::text) AND ($6::text IS NULL OR d.source = $6::text)
)
SELECT b.ord, COALESCE(sum(c.n), 0)::integer AS n, (COALESCE(sum(c.key_sum), 0) % 4294967296)::bigint AS key_sum
FROM buckets b LEFT JOIN counts c ON c.ord = b.ord
GROUP BY b.ord ORDER BY b.ord

-- Counts and record-key sums per buurt for three periods: current ($1..$2), previous ($3..$4) and
-- the same period one year earlier ($5..$6); $7 category, $8 source (NULL = all), $9 gemeente
-- (NULL = all). Periods are whole ISO weeks: whole ISO-week months come from the monthly rollup,
-- edge weeks from the daily one. Every buurt appears, with zeros. Key sums are Σ record keys mod
-- 2^32 (the cell key of the buurt's reports in the period; wijk and gemeente sums add up in Node).
WITH periods (key, f, t) AS (
  VALUES ('current', $1::date, $2::date), ('previous', $3::date, $4::date), ('last_year', $5::date, $6::date)
),
parts AS (SELECT p.key, x.monthly, x.lo, x.hi FROM periods p CROSS JOIN LATERAL period_parts(p.f, p.t) x),
counts AS (
  SELECT parts.key, m.buurt_code, m.n, m.key_sum
  FROM parts JOIN report_counts_monthly m ON parts.monthly AND m.month BETWEEN parts.lo AND parts.hi
  WHERE ($7::text IS NULL OR m.category = $7::text) AND ($8::text IS NULL OR m.source = $8::text)
    AND ($9::text IS NULL OR m.gemeente_code = $9::text)
  UNION ALL
  SELECT parts.key, d.buurt_code, d.n, d.key_sum
  FROM parts JOIN report_counts_daily d ON NOT parts.monthly AND d.day BETWEEN parts.lo AND parts.hi
  WHERE ($7::text IS NULL OR d.category = $7::text) AND ($8::text IS NULL OR d.source = $8::text)
    AND ($9::text IS NULL OR d.gemeente_code = $9::text)
),
per_buurt AS (
  SELECT buurt_code,
         sum(n) FILTER (WHERE key = 'current') AS current, sum(key_sum) FILTER (WHERE key = 'current') AS current_key,
         sum(n) FILTER (WHERE key = 'previous') AS previous, sum(key_sum) FILTER (WHERE key = 'previous') AS previous_key,
         sum(n) FILTER (WHERE key = 'last_year') AS last_year, sum(key_sum) FILTER (WHERE key = 'last_year') AS last_year_key
  FROM counts GROUP BY buurt_code
)
SELECT a.code, a.parent_code AS wijk, a.gemeente_code AS gemeente,
       COALESCE(c.current, 0)::integer AS current, (COALESCE(c.current_key, 0) % 4294967296)::bigint AS current_key,
       COALESCE(c.previous, 0)::integer AS previous, (COALESCE(c.previous_key, 0) % 4294967296)::bigint AS previous_key,
       COALESCE(c.last_year, 0)::integer AS last_year, (COALESCE(c.last_year_key, 0) % 4294967296)::bigint AS last_year_key
FROM areas a LEFT JOIN per_buurt c ON c.buurt_code = a.code
WHERE a.level = 'buurt' AND ($9::text IS NULL OR a.gemeente_code = $9::text)
ORDER BY a.code

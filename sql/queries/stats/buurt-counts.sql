-- Counts per buurt for three periods: current ($1..$2), previous period of equal length
-- ($3..$4) and the same period one year earlier ($5..$6); $7 categories, $8 sources (NULL = all),
-- $9 gemeente (NULL = all). Whole months come from the monthly rollup, edge days from the daily
-- one. Every buurt appears, with zeros.
WITH periods (key, f, t) AS (
  VALUES ('current', $1::date, $2::date), ('previous', $3::date, $4::date), ('last_year', $5::date, $6::date)
),
parts AS (SELECT p.key, x.monthly, x.lo, x.hi FROM periods p CROSS JOIN LATERAL period_parts(p.f, p.t) x),
counts AS (
  SELECT parts.key, m.buurt_code, m.n
  FROM parts JOIN report_counts_monthly m ON parts.monthly AND m.month BETWEEN parts.lo AND parts.hi
  WHERE ($7::text[] IS NULL OR m.category = ANY ($7::text[])) AND ($8::text[] IS NULL OR m.source = ANY ($8::text[]))
    AND ($9::text IS NULL OR m.gemeente_code = $9::text)
  UNION ALL
  SELECT parts.key, d.buurt_code, d.n
  FROM parts JOIN report_counts_daily d ON NOT parts.monthly AND d.day BETWEEN parts.lo AND parts.hi
  WHERE ($7::text[] IS NULL OR d.category = ANY ($7::text[])) AND ($8::text[] IS NULL OR d.source = ANY ($8::text[]))
    AND ($9::text IS NULL OR d.gemeente_code = $9::text)
),
per_buurt AS (
  SELECT buurt_code,
         sum(n) FILTER (WHERE key = 'current') AS current,
         sum(n) FILTER (WHERE key = 'previous') AS previous,
         sum(n) FILTER (WHERE key = 'last_year') AS last_year
  FROM counts GROUP BY buurt_code
)
SELECT a.code, a.parent_code AS wijk, a.gemeente_code AS gemeente,
       COALESCE(c.current, 0)::integer AS current,
       COALESCE(c.previous, 0)::integer AS previous,
       COALESCE(c.last_year, 0)::integer AS last_year
FROM areas a LEFT JOIN per_buurt c ON c.buurt_code = a.code
WHERE a.level = 'buurt' AND ($9::text IS NULL OR a.gemeente_code = $9::text)
ORDER BY a.code

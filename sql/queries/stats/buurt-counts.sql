-- Counts per buurt for three periods from the daily rollup: current ($1..$2), previous period of
-- equal length ($3..$4) and the same period one year earlier ($5..$6). $7 categories, $8 sources
-- (NULL = all), $9 gemeente (NULL = all). Every buurt appears, with zeros.
SELECT a.code, a.parent_code AS wijk, a.gemeente_code AS gemeente,
       COALESCE(sum(d.n) FILTER (WHERE d.day BETWEEN $1::date AND $2::date), 0)::integer AS current,
       COALESCE(sum(d.n) FILTER (WHERE d.day BETWEEN $3::date AND $4::date), 0)::integer AS previous,
       COALESCE(sum(d.n) FILTER (WHERE d.day BETWEEN $5::date AND $6::date), 0)::integer AS last_year
FROM areas a
LEFT JOIN report_counts_daily d
  ON d.buurt_code = a.code
 AND (d.day BETWEEN $1::date AND $2::date OR d.day BETWEEN $3::date AND $4::date OR d.day BETWEEN $5::date AND $6::date)
 AND ($7::text[] IS NULL OR d.category = ANY ($7::text[]))
 AND ($8::text[] IS NULL OR d.source = ANY ($8::text[]))
WHERE a.level = 'buurt' AND ($9::text IS NULL OR a.gemeente_code = $9::text)
GROUP BY a.code, a.parent_code, a.gemeente_code
ORDER BY a.code

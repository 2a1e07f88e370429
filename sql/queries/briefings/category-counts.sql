-- True counts per category for the area $1 and its gemeente $2 in three periods: current ($3..$4),
-- previous ($5..$6), last year ($7..$8); $9 sources (NULL = all). Never published: used only to
-- know which hidden cells are small when the briefing protects its category table (relation.ts).
SELECT c.code AS category,
  COALESCE(sum(d.n) FILTER (WHERE d.day BETWEEN $3::date AND $4::date AND $1::text IN (d.buurt_code, d.wijk_code, d.gemeente_code)), 0)::integer AS area_current,
  COALESCE(sum(d.n) FILTER (WHERE d.day BETWEEN $5::date AND $6::date AND $1::text IN (d.buurt_code, d.wijk_code, d.gemeente_code)), 0)::integer AS area_previous,
  COALESCE(sum(d.n) FILTER (WHERE d.day BETWEEN $7::date AND $8::date AND $1::text IN (d.buurt_code, d.wijk_code, d.gemeente_code)), 0)::integer AS area_last_year,
  COALESCE(sum(d.n) FILTER (WHERE d.day BETWEEN $3::date AND $4::date), 0)::integer AS gemeente_current,
  COALESCE(sum(d.n) FILTER (WHERE d.day BETWEEN $5::date AND $6::date), 0)::integer AS gemeente_previous,
  COALESCE(sum(d.n) FILTER (WHERE d.day BETWEEN $7::date AND $8::date), 0)::integer AS gemeente_last_year
FROM categories c
LEFT JOIN report_counts_daily d
  ON d.category = c.code AND d.gemeente_code = $2::text
 AND (d.day BETWEEN $3::date AND $4::date OR d.day BETWEEN $5::date AND $6::date OR d.day BETWEEN $7::date AND $8::date)
 AND ($9::text[] IS NULL OR d.source = ANY ($9::text[]))
GROUP BY c.code, c.sort_order
ORDER BY c.sort_order

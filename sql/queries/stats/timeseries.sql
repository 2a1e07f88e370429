-- Counts per week (ISO, Monday start) or month for one area in [$3, $4] (whole periods), plus
-- the same period one year earlier (52 weeks earlier for weeks, the same month for months).
-- $1 interval ('week' | 'month'), $2 area code, $5 categories, $6 sources (NULL = all), $7 the
-- area's level. Months read the monthly rollup, weeks the daily one.
WITH periods AS (
  SELECT p::date AS period_start,
         (CASE $1::text WHEN 'week' THEN p + interval '6 days' ELSE p + interval '1 month' - interval '1 day' END)::date AS period_end,
         (CASE $1::text WHEN 'week' THEN p - interval '364 days' ELSE p - interval '1 year' END)::date AS ly_start,
         (CASE $1::text WHEN 'week' THEN p - interval '358 days' ELSE p - interval '1 year' + interval '1 month' - interval '1 day' END)::date AS ly_end
  FROM generate_series(date_trunc($1::text, $3::date), date_trunc($1::text, $4::date), CASE $1::text WHEN 'week' THEN interval '1 week' ELSE interval '1 month' END) p
),
span AS (SELECT min(ly_start) AS lo, max(period_end) AS hi FROM periods),
daily AS (
  SELECT d.day, d.n FROM report_counts_daily d, span
  WHERE $1::text = 'week' AND d.day BETWEEN span.lo AND span.hi
    AND CASE $7::text WHEN 'buurt' THEN d.buurt_code = $2 WHEN 'wijk' THEN d.wijk_code = $2 ELSE d.gemeente_code = $2 END
    AND ($5::text[] IS NULL OR d.category = ANY ($5::text[])) AND ($6::text[] IS NULL OR d.source = ANY ($6::text[]))
  UNION ALL
  SELECT m.month, m.n FROM report_counts_monthly m, span
  WHERE $1::text = 'month' AND m.month BETWEEN span.lo AND span.hi
    AND CASE $7::text WHEN 'buurt' THEN m.buurt_code = $2 WHEN 'wijk' THEN m.wijk_code = $2 ELSE m.gemeente_code = $2 END
    AND ($5::text[] IS NULL OR m.category = ANY ($5::text[])) AND ($6::text[] IS NULL OR m.source = ANY ($6::text[]))
),
counts AS (SELECT day, sum(n)::integer AS n FROM daily GROUP BY day)
SELECT p.period_start::text AS "start", p.period_end::text AS "end",
       COALESCE((SELECT sum(n) FROM counts c WHERE c.day BETWEEN p.period_start AND p.period_end), 0)::integer AS current,
       COALESCE((SELECT sum(n) FROM counts c WHERE c.day BETWEEN p.ly_start AND p.ly_end), 0)::integer AS last_year
FROM periods p
ORDER BY p.period_start

-- The codes a request may name and the extent of the data (first and last day with reports),
-- read once per data version by the response cache (services/filters.ts).
SELECT (SELECT array_agg(code ORDER BY sort_order) FROM categories) AS categories,
       (SELECT array_agg(code ORDER BY sort_order) FROM sources) AS sources,
       (SELECT COALESCE(array_agg(code ORDER BY code), '{}') FROM areas WHERE level = 'gemeente') AS gemeenten,
       (SELECT min(day)::text FROM report_counts_daily) AS "start",
       (SELECT max(day)::text FROM report_counts_daily) AS "end"

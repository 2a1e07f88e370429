-- The first and last day with reports per municipality (coverage: a municipality or period
-- without imported reports is "no data", not zero).
SELECT gemeente_code AS gemeente, min(day)::text AS "first", max(day)::text AS "last"
FROM report_counts_daily GROUP BY gemeente_code ORDER BY gemeente_code

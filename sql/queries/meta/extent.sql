-- The first and last day with reports. The API widens them to whole weeks, and the period menu is
-- built from the true last day so an unfinished week is not offered.
SELECT min(day)::text AS "from", max(day)::text AS "to" FROM report_counts_daily

SELECT min(day)::text AS "from", max(day)::text AS "to" FROM report_counts_daily

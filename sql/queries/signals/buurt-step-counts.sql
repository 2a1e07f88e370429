-- Reports per category × buurt × time step for one municipality (see cell-step-counts.sql).
-- $1 gemeente, $2 first day of the first step, $3 last day of the last step, $4 'week' | 'month'.
SELECT category, buurt_code AS code,
       (CASE WHEN $4::text = 'week' THEN (day - $2::date) / 7
             ELSE (extract(year FROM day)::integer - extract(year FROM $2::date)::integer) * 12
                  + extract(month FROM day)::integer - extract(month FROM $2::date)::integer END)::integer AS step,
       sum(n)::integer AS n
FROM report_counts_daily
WHERE gemeente_code = $1 AND day BETWEEN $2::date AND $3::date
GROUP BY 1, 2, 3

-- Reports per category × hexagon cell × time step for one municipality: the non-zero bins of the
-- space-time cubes of every category at once. $1 size, $2 gemeente, $3 first day of the first step,
-- $4 last day of the last step, $5 'week' (ISO weeks; $3 is a Monday) or 'month' ($3 is a 1st).
SELECT category, i, j,
       (CASE WHEN $5::text = 'week' THEN (day - $3::date) / 7
             ELSE (extract(year FROM day)::integer - extract(year FROM $3::date)::integer) * 12
                  + extract(month FROM day)::integer - extract(month FROM $3::date)::integer END)::integer AS step,
       sum(n)::integer AS n
FROM report_counts_cell
WHERE size = $1 AND gemeente_code = $2 AND day BETWEEN $3::date AND $4::date
GROUP BY 1, 2, 3, 4

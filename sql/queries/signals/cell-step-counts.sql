-- Reports per category × hexagon cell × time step for one municipality: the non-zero bins of the
-- space-time cubes of every category at once, from the reports' stored cells. $1 size, $2 gemeente,
-- $3 first day of the first step, $4 last day of the last step, $5 'week' (ISO weeks; $3 is a
-- Monday) or 'month' ($3 is a 1st).
SELECT category,
       CASE $1::integer WHEN 250 THEN hex250_i WHEN 500 THEN hex500_i ELSE hex1000_i END AS i,
       CASE $1::integer WHEN 250 THEN hex250_j WHEN 500 THEN hex500_j ELSE hex1000_j END AS j,
       (CASE WHEN $5::text = 'week' THEN (received_on - $3::date) / 7
             ELSE (extract(year FROM received_on)::integer - extract(year FROM $3::date)::integer) * 12
                  + extract(month FROM received_on)::integer - extract(month FROM $3::date)::integer END)::integer AS step,
       count(*)::integer AS n
FROM reports
WHERE gemeente_code = $2 AND received_on BETWEEN $3::date AND $4::date
GROUP BY 1, 2, 3, 4

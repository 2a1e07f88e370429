-- Reports per ISO week (its Monday) × hexagon cell of size :size × category × source, with the sum
-- of their record keys mod 2^32, for the days [:from, :to), in week order: the single-week periods
-- of the hexagon map (services/rollup-store.ts), read once per data version in slices of weeks.
-- (A week is not a run of ISO-week months, so the monthly cell rollup cannot answer it, and
-- reading the reports of one week per request cost 50-200 ms with a million reports.)
-- (The key sum is taken in bigint before the modulo: sums of keys below 2^32 stay far below 2^63,
-- and bigint arithmetic costs a fraction of numeric for a million rows.)
SELECT date_trunc('week', received_on)::date::text AS week, gemeente_code AS gemeente,
       CASE :size::integer WHEN 250 THEN hex250_i WHEN 500 THEN hex500_i ELSE hex1000_i END AS i,
       CASE :size::integer WHEN 250 THEN hex250_j WHEN 500 THEN hex500_j ELSE hex1000_j END AS j,
       category, source, count(*)::integer AS n, sum(record_key)::bigint % 4294967296 AS key
FROM reports
WHERE received_on >= :from::date AND received_on < :to::date
GROUP BY 1, 2, 3, 4, 5, 6
ORDER BY 1

-- The daily rollup summed per ISO week (its Monday) × buurt × category × source, with the sum of
-- the record keys mod 2^32, in week order: the in-memory rollup of services/rollup-store.ts.
-- (The key sum is taken in bigint before the modulo: sums of keys below 2^32 stay far below 2^63,
-- and bigint arithmetic costs a fraction of numeric for a million rows.)
SELECT date_trunc('week', day)::date::text AS week, buurt_code AS buurt, category, source,
       sum(n)::integer AS n, sum(key_sum)::bigint % 4294967296 AS key
FROM report_counts_daily
GROUP BY 1, 2, 3, 4
ORDER BY 1

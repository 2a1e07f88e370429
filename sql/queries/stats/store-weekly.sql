-- The daily rollup summed per ISO week (its Monday) × buurt × category × source, with the sum of
-- the record keys mod 2^32, in week order: the in-memory rollup of services/rollup-store.ts.
SELECT date_trunc('week', day)::date::text AS week, buurt_code AS buurt, category, source,
       sum(n)::integer AS n, (sum(key_sum) % 4294967296)::bigint AS key
FROM report_counts_daily
GROUP BY 1, 2, 3, 4
ORDER BY 1

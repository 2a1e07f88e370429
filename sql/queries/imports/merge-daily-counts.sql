-- The import's daily rollup delta: its chunks' counts summed per key (a day can span two chunks).
-- (The key sum is taken in bigint before the modulo: sums of keys below 2^32 stay far below 2^63,
-- and bigint arithmetic costs a fraction of numeric for a million rows.)
INSERT INTO rollup_daily_delta (day, buurt_code, wijk_code, gemeente_code, category, source, n, key_sum)
SELECT day, buurt_code, wijk_code, gemeente_code, category, source, sum(n)::integer, sum(key_sum)::bigint % 4294967296
FROM import_daily_counts
GROUP BY 1, 2, 3, 4, 5, 6

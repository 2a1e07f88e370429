-- The import's daily rollup delta: its chunks' counts summed per key (a day can span two chunks).
INSERT INTO rollup_daily_delta (day, buurt_code, wijk_code, gemeente_code, category, source, n, key_sum)
SELECT day, buurt_code, wijk_code, gemeente_code, category, source, sum(n)::integer, (sum(key_sum) % 4294967296)::bigint
FROM import_daily_counts
GROUP BY 1, 2, 3, 4, 5, 6

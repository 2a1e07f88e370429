-- The stored chunk's reports per day × buurt × category × source (as rollups/daily-delta.sql counts
-- a batch from the reports table).
-- (The key sum is taken in bigint before the modulo: sums of keys below 2^32 stay far below 2^63,
-- and bigint arithmetic costs a fraction of numeric for a million rows.)
INSERT INTO import_daily_counts (day, buurt_code, wijk_code, gemeente_code, category, source, n, key_sum)
SELECT day, buurt_code, wijk_code, gemeente_code, code, code2, count(*)::integer, sum(record_key)::bigint % 4294967296
FROM import_located
GROUP BY 1, 2, 3, 4, 5, 6

-- The stored chunk's reports per day × buurt × category × source (as rollups/daily-delta.sql counts
-- a batch from the reports table).
INSERT INTO import_daily_counts (day, buurt_code, wijk_code, gemeente_code, category, source, n, key_sum)
SELECT day, buurt_code, wijk_code, gemeente_code, code, code2, count(*)::integer, (sum(record_key) % 4294967296)::bigint
FROM import_located
GROUP BY 1, 2, 3, 4, 5, 6

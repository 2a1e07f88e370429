-- Batch :batchId's reports (NULL = every report) per day × buurt × category × source,
-- with the sum of their record keys mod 2^32 (migration 008).
-- (The key sum is taken in bigint before the modulo: sums of keys below 2^32 stay far below 2^63,
-- and bigint arithmetic costs a fraction of numeric for a million rows.)
INSERT INTO rollup_daily_delta (day, buurt_code, wijk_code, gemeente_code, category, source, n, key_sum)
SELECT received_on, buurt_code, wijk_code, gemeente_code, category, source, count(*)::integer, sum(record_key)::bigint % 4294967296
FROM reports
WHERE :batchId::bigint IS NULL OR batch_id = :batchId::bigint
GROUP BY 1, 2, 3, 4, 5, 6

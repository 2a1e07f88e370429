-- Batch :batchId's reports (NULL = every report) per hexagon size × cell × gemeente ×
-- ISO-week month × category × source, from the cells stored on each report, with key sums.
-- (The key sum is taken in bigint before the modulo: sums of keys below 2^32 stay far below 2^63,
-- and bigint arithmetic costs a fraction of numeric for a million rows.)
INSERT INTO rollup_cell_delta (size, i, j, gemeente_code, month, category, source, n, key_sum)
SELECT size, i, j, gemeente_code, month, category, source, count(*)::integer, sum(record_key)::bigint % 4294967296
FROM (
  SELECT 250 AS size, hex250_i AS i, hex250_j AS j, gemeente_code, iso_month(received_on) AS month, category, source, record_key
  FROM reports WHERE :batchId::bigint IS NULL OR batch_id = :batchId::bigint
  UNION ALL
  SELECT 500, hex500_i, hex500_j, gemeente_code, iso_month(received_on), category, source, record_key
  FROM reports WHERE :batchId::bigint IS NULL OR batch_id = :batchId::bigint
  UNION ALL
  SELECT 1000, hex1000_i, hex1000_j, gemeente_code, iso_month(received_on), category, source, record_key
  FROM reports WHERE :batchId::bigint IS NULL OR batch_id = :batchId::bigint
) c
GROUP BY 1, 2, 3, 4, 5, 6, 7

-- The stored chunk's reports per hexagon size × cell × gemeente × ISO-week month × category ×
-- source, with their key sum (as rollups/cell-delta.sql counts a batch from the reports table).
-- (The key sum is taken in bigint before the modulo: sums of keys below 2^32 stay far below 2^63,
-- and bigint arithmetic costs a fraction of numeric for a million rows.)
INSERT INTO import_cell_counts (size, i, j, gemeente_code, month, category, source, n, key_sum)
SELECT size, i, j, gemeente_code, month, code, code2, count(*)::integer, sum(record_key)::bigint % 4294967296
FROM (
  SELECT 250 AS size, hex250_i AS i, hex250_j AS j, gemeente_code, iso_month(day) AS month, code, code2, record_key FROM import_located
  UNION ALL
  SELECT 500, hex500_i, hex500_j, gemeente_code, iso_month(day), code, code2, record_key FROM import_located
  UNION ALL
  SELECT 1000, hex1000_i, hex1000_j, gemeente_code, iso_month(day), code, code2, record_key FROM import_located
) c
GROUP BY 1, 2, 3, 4, 5, 6, 7

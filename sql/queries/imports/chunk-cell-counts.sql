-- The stored chunk's reports per hexagon size × cell × gemeente × month × category × source (as
-- rollups/cell-delta.sql counts a batch from the reports table).
INSERT INTO import_cell_counts (size, i, j, gemeente_code, month, category, source, n)
SELECT size, i, j, gemeente_code, month, code, code2, count(*)::integer
FROM (
  SELECT 250 AS size, hex250_i AS i, hex250_j AS j, gemeente_code, date_trunc('month', day)::date AS month, code, code2 FROM import_located
  UNION ALL
  SELECT 500, hex500_i, hex500_j, gemeente_code, date_trunc('month', day)::date, code, code2 FROM import_located
  UNION ALL
  SELECT 1000, hex1000_i, hex1000_j, gemeente_code, date_trunc('month', day)::date, code, code2 FROM import_located
) c
GROUP BY 1, 2, 3, 4, 5, 6, 7

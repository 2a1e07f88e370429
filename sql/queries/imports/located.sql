-- The chunk's rows with their buurt, wijk and gemeente (from the snap square, else from the
-- point: locate-squares.sql, locate-edges.sql) and hexagon cells, as a view over the work tables.
-- Created once per import; after the outside check every row of the chunk is here. Two branches
-- rather than outer joins: most rows take everything from their square, with one join.
CREATE TEMP VIEW import_chunk_located AS
SELECT p.line, p.external_id, p.day, p.code, p.code2, p.sx, p.sy, q.buurt_code, q.wijk_code, q.gemeente_code,
       q.hex250_i, q.hex250_j, q.hex500_i, q.hex500_j, q.hex1000_i, q.hex1000_j
FROM import_points p
JOIN import_squares q ON q.sx = p.sx AND q.sy = p.sy
WHERE q.buurt_code IS NOT NULL
UNION ALL
SELECT p.line, p.external_id, p.day, p.code, p.code2, p.sx, p.sy, a.code, a.parent_code, a.gemeente_code,
       q.hex250_i, q.hex250_j, q.hex500_i, q.hex500_j, q.hex1000_i, q.hex1000_j
FROM import_points p
JOIN import_squares q ON q.sx = p.sx AND q.sy = p.sy
JOIN import_edge_points e ON e.line = p.line
JOIN areas a ON a.code = e.buurt_code
WHERE q.buurt_code IS NULL

-- The chunk's rows with their buurt (from the snap square, else from the point: locate-squares.sql,
-- locate-edges.sql), wijk, gemeente and hexagon cells, as a view over the work tables. Created once
-- per import, after the outside check every row has a buurt here.
CREATE TEMP VIEW import_chunk_located AS
SELECT p.line, p.external_id, p.day, p.code, p.code2, p.sx, p.sy, a.code AS buurt_code, a.parent_code AS wijk_code, a.gemeente_code,
       q.hex250[1] AS hex250_i, q.hex250[2] AS hex250_j, q.hex500[1] AS hex500_i, q.hex500[2] AS hex500_j,
       q.hex1000[1] AS hex1000_i, q.hex1000[2] AS hex1000_j
FROM import_points p
JOIN import_squares q ON q.sx = p.sx AND q.sy = p.sy
LEFT JOIN import_edge_points e ON q.buurt_code IS NULL AND e.line = p.line
JOIN areas a ON a.code = COALESCE(q.buurt_code, e.buurt_code)

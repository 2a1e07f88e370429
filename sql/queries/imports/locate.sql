-- The chunk's rows with their buurt (from the snap square, else from the point: locate-squares.sql,
-- locate-edges.sql), wijk, gemeente and hexagon cells. Run after the outside check: every row has
-- a buurt here.
INSERT INTO import_located
SELECT p.line, p.external_id, p.day, p.code, p.code2, p.sx, p.sy, a.code, a.parent_code, a.gemeente_code,
       q.hex250[1], q.hex250[2], q.hex500[1], q.hex500[2], q.hex1000[1], q.hex1000[2]
FROM import_points p
JOIN import_squares q ON q.sx = p.sx AND q.sy = p.sy
LEFT JOIN import_edge_points e ON q.buurt_code IS NULL AND e.line = p.line
JOIN areas a ON a.code = COALESCE(q.buurt_code, e.buurt_code)

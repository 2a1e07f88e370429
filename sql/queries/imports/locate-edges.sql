-- The buurt of each point whose snap square has none (locate-squares.sql): the buurt piece it lies
-- in (ties on a shared edge: lowest code). Generalised boundaries leave gaps and slivers, so a point
-- up to 150 m outside every buurt goes to the nearest one; farther away it gets none (an error).
INSERT INTO import_edge_points (line, buurt_code)
WITH edge AS (
  SELECT p.line, ST_SetSRID(ST_MakePoint(p.px, p.py), 28992) AS pt
  FROM import_points p JOIN import_squares q ON q.sx = p.sx AND q.sy = p.sy
  WHERE q.buurt_code IS NULL
),
inside AS (
  SELECT DISTINCT ON (e.line) e.line, b.buurt_code
  FROM edge e JOIN buurt_pieces b ON ST_Intersects(b.geom_rd, e.pt)
  ORDER BY e.line, b.buurt_code
)
SELECT e.line, COALESCE(i.buurt_code, n.code)
FROM edge e
LEFT JOIN inside i ON i.line = e.line
LEFT JOIN LATERAL (
  SELECT a.code
  FROM areas a
  WHERE i.line IS NULL AND a.level = 'buurt' AND a.geom_rd IS NOT NULL AND ST_DWithin(a.geom_rd, e.pt, 150)
  ORDER BY ST_Distance(a.geom_rd, e.pt), a.code
  LIMIT 1
) n ON true

-- Assigns each staged row to a buurt (and so its wijk and gemeente) from the location as given,
-- then snaps it. Points inside a buurt piece take that buurt (ties on a shared edge: lowest code).
-- Generalised boundaries leave gaps and slivers, so a point up to 150 m outside every buurt goes
-- to the nearest one; farther away stays NULL (an error). Only the snapped point is kept later.
CREATE TEMP TABLE import_located ON COMMIT DROP AS
WITH points AS (
  SELECT st.line, st.external_id, st.day, st.code, st.code2,
         CASE WHEN st.x IS NOT NULL THEN ST_SetSRID(ST_MakePoint(st.x, st.y), 28992)
              ELSE ST_Transform(ST_SetSRID(ST_MakePoint(st.lon, st.lat), 4326), 28992) END AS pt
  FROM import_staging st
),
inside AS (
  SELECT DISTINCT ON (p.line) p.line, b.buurt_code, b.wijk_code, b.gemeente_code
  FROM points p JOIN buurt_pieces b ON ST_Intersects(b.geom_rd, p.pt)
  ORDER BY p.line, b.buurt_code
)
SELECT p.line, p.external_id, p.day, p.code, p.code2,
       ST_SnapToGrid(p.pt, $1::double precision) AS snapped,
       COALESCE(i.buurt_code, n.code) AS buurt_code,
       COALESCE(i.wijk_code, n.parent_code) AS wijk_code,
       COALESCE(i.gemeente_code, n.gemeente_code) AS gemeente_code
FROM points p
LEFT JOIN inside i ON i.line = p.line
LEFT JOIN LATERAL (
  SELECT a.code, a.parent_code, a.gemeente_code
  FROM areas a
  WHERE i.line IS NULL AND a.level = 'buurt' AND a.geom_rd IS NOT NULL AND ST_DWithin(a.geom_rd, p.pt, 150)
  ORDER BY ST_Distance(a.geom_rd, p.pt), a.code
  LIMIT 1
) n ON true

-- Assigns each staged row to a buurt (and so its wijk and gemeente) from the location as given.
-- Generalised boundaries leave gaps and slivers, so a point up to 150 m outside every buurt goes
-- to the nearest one; containment (distance 0) wins, ties by code. Only the snapped point is kept.
CREATE TEMP TABLE import_located ON COMMIT DROP AS
SELECT s.line, s.external_id, s.day, s.code, s.code2, s.pt,
       ST_SnapToGrid(s.pt, $1::double precision) AS snapped,
       b.code AS buurt_code, b.parent_code AS wijk_code, b.gemeente_code
FROM (
  SELECT st.*, CASE WHEN st.x IS NOT NULL THEN ST_SetSRID(ST_MakePoint(st.x, st.y), 28992)
                    ELSE ST_Transform(ST_SetSRID(ST_MakePoint(st.lon, st.lat), 4326), 28992) END AS pt
  FROM import_staging st
) s
LEFT JOIN LATERAL (
  SELECT a.code, a.parent_code, a.gemeente_code
  FROM areas a
  WHERE a.level = 'buurt' AND a.geom_rd IS NOT NULL AND ST_DWithin(a.geom_rd, s.pt, 150)
  ORDER BY ST_Distance(a.geom_rd, s.pt), a.code
  LIMIT 1
) b ON true

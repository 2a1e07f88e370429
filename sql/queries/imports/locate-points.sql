-- The chunk's rows as points in RD New, as given and snapped to a grid of :snapMetres. The
-- snapping is ST_SnapToGrid's own arithmetic (rint(x / size) · size; round() on double precision
-- is rint too), written out so no geometry is built for RD input; a test holds the two equal.
INSERT INTO import_points (line, external_id, day, code, code2, px, py, sx, sy)
SELECT line, external_id, day, code, code2, px, py,
       round(px / :snapMetres::double precision) * :snapMetres::double precision, round(py / :snapMetres::double precision) * :snapMetres::double precision
FROM (
  SELECT st.line, st.external_id, st.day, st.code, st.code2,
         COALESCE(st.x, ST_X(t.pt)) AS px, COALESCE(st.y, ST_Y(t.pt)) AS py
  FROM import_staging st
  LEFT JOIN LATERAL (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(st.lon, st.lat), 4326), 28992) AS pt WHERE st.x IS NULL) t ON true
) p

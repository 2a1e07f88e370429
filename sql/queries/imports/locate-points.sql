-- $1 snap metres. The chunk's rows as points in RD New, as given and snapped.
INSERT INTO import_points (line, external_id, day, code, code2, px, py, sx, sy)
SELECT s.line, s.external_id, s.day, s.code, s.code2, ST_X(s.pt), ST_Y(s.pt), ST_X(s.snapped), ST_Y(s.snapped)
FROM (
  SELECT p.*, ST_SnapToGrid(p.pt, $1::double precision) AS snapped
  FROM (
    SELECT st.line, st.external_id, st.day, st.code, st.code2,
           CASE WHEN st.x IS NOT NULL THEN ST_SetSRID(ST_MakePoint(st.x, st.y), 28992)
                ELSE ST_Transform(ST_SetSRID(ST_MakePoint(st.lon, st.lat), 4326), 28992) END AS pt
    FROM import_staging st
  ) p
) s

-- For area :code, choropleth level :level and :margin (share of the box's longer side): the map
-- frame (the area's box, or its parent's when the generalised boundaries lost the area, widened by
-- the margin and at least 800 m) and every area of level :level and every gemeente outline that
-- reaches into it, as GeoJSON (WGS84, 5 decimals), with their label points, and the places (towns,
-- villages) in the frame for orientation.
WITH target AS (
  SELECT COALESCE(a.geom_rd, p.geom_rd, g.geom_rd) AS geom_rd
  FROM areas a
  LEFT JOIN areas p ON p.code = a.parent_code
  LEFT JOIN areas g ON g.code = a.gemeente_code
  WHERE a.code = :code
),
frame AS (
  SELECT ST_Expand(ST_Envelope(geom_rd),
           greatest(800, :margin::double precision * greatest(ST_XMax(geom_rd) - ST_XMin(geom_rd), ST_YMax(geom_rd) - ST_YMin(geom_rd)))) AS rd
  FROM target WHERE geom_rd IS NOT NULL
)
SELECT json_build_object(
  'frame', (SELECT ST_AsGeoJSON(ST_Transform(rd, 4326), 6)::json FROM frame),
  'features', COALESCE((
    SELECT json_agg(json_build_object(
      'code', a.code, 'level', a.level, 'name', a.name, 'gemeente', a.gemeente_code,
      'labelPoint', CASE WHEN a.label_point IS NULL THEN NULL ELSE json_build_array(ST_X(a.label_point), ST_Y(a.label_point)) END,
      'geometry', ST_AsGeoJSON(a.geom, 5)::json) ORDER BY a.level, a.code)
    FROM areas a, frame f
    WHERE a.geom_rd IS NOT NULL AND a.geom IS NOT NULL
      AND (a.level = :level OR a.level = 'gemeente')
      AND a.geom_rd && f.rd AND ST_Intersects(a.geom_rd, f.rd)
  ), '[]'::json),
  'places', COALESCE((
    SELECT json_agg(json_build_object('name', p.name, 'kind', p.kind, 'point', json_build_array(ST_X(p.point), ST_Y(p.point)))
                    ORDER BY CASE p.kind WHEN 'stad' THEN 0 WHEN 'dorp' THEN 1 ELSE 2 END, p.name)
    FROM places p, frame f
    WHERE p.point IS NOT NULL AND ST_Intersects(ST_Transform(p.point, 28992), f.rd)
  ), '[]'::json)
)::text AS map

-- $1 level, $2 gemeente code or NULL. One GeoJSON FeatureCollection (built in the database:
-- fast, and the same on both engines). Coordinates rounded to 5 decimals (~1 m), enough for
-- generalised boundaries.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', COALESCE(json_agg(json_build_object(
    'type', 'Feature',
    'id', code,
    'geometry', ST_AsGeoJSON(geom, 5)::json,
    'properties', json_build_object(
      'code', code, 'name', name, 'level', level, 'parent', parent_code, 'gemeente', gemeente_code,
      'inhabitants', inhabitants, 'inhabitantsEstimated', inhabitants_estimated,
      'areaKm2', round(area_km2::numeric, 3),
      'labelPoint', CASE WHEN label_point IS NULL THEN NULL
                         ELSE json_build_array(round(ST_X(label_point)::numeric, 5), round(ST_Y(label_point)::numeric, 5)) END)
  ) ORDER BY code), '[]'::json)
)::text AS geojson
FROM areas
WHERE level = $1 AND ($2::text IS NULL OR gemeente_code = $2) AND geom IS NOT NULL

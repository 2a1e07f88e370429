-- Published polygons of the buurten of a municipality (5 decimals, WGS84).
SELECT code, name, ST_AsGeoJSON(geom, 5) AS geometry, round(area_km2::numeric, 4)::float AS "areaKm2"
FROM areas
WHERE level = 'buurt' AND gemeente_code = :gemeente AND geom IS NOT NULL
ORDER BY code

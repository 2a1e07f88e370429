-- Published polygons of the hexagon cells of size $1 of municipality $2 (5 decimals, WGS84).
SELECT i, j, ST_AsGeoJSON(geom, 5) AS geometry, round(area_km2::numeric, 4)::float AS "areaKm2"
FROM grid_cells
WHERE size = $1 AND gemeente_code = $2
ORDER BY i, j

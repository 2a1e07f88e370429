-- Published polygons of the hexagon cells of one size of a municipality (5 decimals, WGS84).
SELECT i, j, ST_AsGeoJSON(geom, 5) AS geometry, round(area_km2::numeric, 4)::float AS "areaKm2"
FROM grid_cells
WHERE size = :size AND gemeente_code = :gemeente
ORDER BY i, j

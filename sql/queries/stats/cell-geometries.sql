-- The hexagon cells of size :size (of gemeente :gemeente, NULL = all), in the order the grid
-- statistic lists them: the clipped cell as GeoJSON (5 decimals), its area and the centroid of the
-- clipped cell.
SELECT c.gemeente_code AS gemeente, c.i, c.j,
       round(c.area_km2::numeric, 4)::float AS "areaKm2",
       ST_AsGeoJSON(c.geom, 5) AS geometry,
       ST_X(ST_Transform(ST_Centroid(c.geom_rd), 4326)) AS lon,
       ST_Y(ST_Transform(ST_Centroid(c.geom_rd), 4326)) AS lat
FROM grid_cells c
WHERE c.size = :size AND (:gemeente::text IS NULL OR c.gemeente_code = :gemeente::text)
ORDER BY c.gemeente_code, c.i, c.j

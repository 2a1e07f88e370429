-- Hexagon cells of size $2 of municipality $1 (the study area of one cube), in a stable order,
-- with the clipped polygon in RD New (for contiguity), the centroid in RD New (distance weights,
-- scan zones; never published) and the WGS84 bounding box (for the map to fly to).
SELECT c.i, c.j,
       ST_AsGeoJSON(c.geom_rd, 2) AS geometry_rd,
       ST_X(ST_Centroid(c.geom_rd)) AS x,
       ST_Y(ST_Centroid(c.geom_rd)) AS y,
       ST_XMin(c.geom) AS west, ST_YMin(c.geom) AS south, ST_XMax(c.geom) AS east, ST_YMax(c.geom) AS north,
       c.area_km2 AS "areaKm2"
FROM grid_cells c
WHERE c.gemeente_code = $1 AND c.size = $2
ORDER BY c.i, c.j

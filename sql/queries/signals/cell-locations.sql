-- Hexagon cells of one size of a municipality (the density map's study area), in a stable order,
-- with the clipped polygon in RD New (for contiguity; never published).
SELECT c.i, c.j, ST_AsGeoJSON(c.geom_rd, 2) AS "geometryRd"
FROM grid_cells c
WHERE c.gemeente_code = :gemeente AND c.size = :size
ORDER BY c.i, c.j

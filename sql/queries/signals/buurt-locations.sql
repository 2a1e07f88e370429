-- Buurten of a municipality that have a polygon (generalisation can lose one: BU01411801), in code
-- order, with the polygon and centroid in RD New (contiguity, zones; never published), the WGS84
-- bounding box, the name and the inhabitants (NULL: unknown).
SELECT a.code,
       a.name,
       ST_AsGeoJSON(a.geom_rd, 2) AS "geometryRd",
       ST_X(ST_Centroid(a.geom_rd)) AS x,
       ST_Y(ST_Centroid(a.geom_rd)) AS y,
       ST_XMin(a.geom) AS west, ST_YMin(a.geom) AS south, ST_XMax(a.geom) AS east, ST_YMax(a.geom) AS north,
       a.inhabitants
FROM areas a
WHERE a.level = 'buurt' AND a.gemeente_code = :gemeente AND a.geom_rd IS NOT NULL
ORDER BY a.code

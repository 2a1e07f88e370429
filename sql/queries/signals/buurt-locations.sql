-- Buurten of municipality $1 that have a polygon (generalisation can lose one: BU01411801), in
-- code order, with the polygon and centroid in RD New and the WGS84 bounding box.
SELECT a.code,
       ST_AsGeoJSON(a.geom_rd, 2) AS geometry_rd,
       ST_X(ST_Centroid(a.geom_rd)) AS x,
       ST_Y(ST_Centroid(a.geom_rd)) AS y,
       ST_XMin(a.geom) AS west, ST_YMin(a.geom) AS south, ST_XMax(a.geom) AS east, ST_YMax(a.geom) AS north,
       COALESCE(a.area_km2, ST_Area(a.geom_rd) / 1e6) AS "areaKm2",
       a.name
FROM areas a
WHERE a.level = 'buurt' AND a.gemeente_code = $1 AND a.geom_rd IS NOT NULL
ORDER BY a.code

-- The cells :ids (GMxxxx:size:i:j): their clipped hexagons as GeoJSON (WGS84, 5 decimals).
SELECT c.gemeente_code || ':' || c.size || ':' || c.i || ':' || c.j AS id, ST_AsGeoJSON(c.geom, 5) AS geometry
FROM grid_cells c
WHERE c.gemeente_code || ':' || c.size || ':' || c.i || ':' || c.j = ANY (:ids::text[])

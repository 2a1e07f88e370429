-- Area polygons of :level (of :gemeente, NULL = all) for GeoJSON exports, with the RFC 7946
-- winding (exterior rings counterclockwise), WGS84, 6 decimals.
SELECT code, ST_AsGeoJSON(ST_ForcePolygonCCW(geom), 6) AS geometry
FROM areas
WHERE level = :level AND (:gemeente::text IS NULL OR gemeente_code = :gemeente::text) AND geom IS NOT NULL

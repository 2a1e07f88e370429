-- $1 level, $2 gemeente code or NULL. Area polygons for GeoJSON exports, with the RFC 7946
-- winding (exterior rings counterclockwise), WGS84, 6 decimals.
SELECT code, ST_AsGeoJSON(ST_ForcePolygonCCW(geom), 6) AS geometry
FROM areas
WHERE level = $1 AND ($2::text IS NULL OR gemeente_code = $2::text) AND geom IS NOT NULL

-- The subdivided buurt polygons used to assign imported points (the caller
-- clears the gemeente's old pieces first).
INSERT INTO buurt_pieces (buurt_code, wijk_code, gemeente_code, geom_rd)
SELECT code, parent_code, gemeente_code, ST_Subdivide(geom_rd, 32)
FROM areas
WHERE level = 'buurt' AND gemeente_code = :gemeenteCode AND geom_rd IS NOT NULL

-- Cells are those of ST_HexagonGrid that meet the municipality
-- or lie within 200 m of it: reports up to 150 m outside every buurt are assigned to the nearest
-- buurt (generalised edges), so their cells must exist too. Each cell is clipped to the outline,
-- or to the 200 m margin when it only touches the margin.
INSERT INTO grid_cells (size, i, j, gemeente_code, geom, geom_rd, area_km2)
SELECT :size, h.i, h.j, :gemeenteCode, ST_Transform(c.geom_rd, 4326), c.geom_rd, ST_Area(c.geom_rd) / 1e6
FROM areas g
CROSS JOIN LATERAL (SELECT ST_Buffer(g.geom_rd, 200) AS margin) m
CROSS JOIN LATERAL ST_HexagonGrid(:size, m.margin) h
CROSS JOIN LATERAL (
  SELECT ST_Multi(ST_CollectionExtract(
    CASE WHEN ST_Intersects(h.geom, g.geom_rd) THEN ST_Intersection(h.geom, g.geom_rd)
         ELSE ST_Intersection(h.geom, m.margin) END, 3)) AS geom_rd
) c
WHERE g.code = :gemeenteCode AND ST_Intersects(h.geom, m.margin) AND NOT ST_IsEmpty(c.geom_rd)

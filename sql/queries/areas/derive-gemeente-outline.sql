-- The municipality outline is the union of its buurten (the generalised levels do not line up,
-- and reports are assigned to buurten, so the buurten define the study area). A 1 m buffer
-- out and back closes slivers between generalised neighbours.
UPDATE areas g SET
  geom_rd = u.geom_rd,
  geom = ST_Transform(u.geom_rd, 4326),
  area_km2 = ST_Area(u.geom_rd) / 1e6
FROM (
  SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Buffer(ST_Buffer(ST_Union(geom_rd), 1), -1)), 3)) AS geom_rd
  FROM areas WHERE level = 'buurt' AND gemeente_code = :gemeenteCode AND geom_rd IS NOT NULL
) u
WHERE g.code = :gemeenteCode AND u.geom_rd IS NOT NULL

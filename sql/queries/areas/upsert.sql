-- Generalised CBS polygons can be slightly invalid; ST_MakeValid keeps them usable for joins.
INSERT INTO areas (code, level, name, parent_code, gemeente_code, geom, geom_rd, area_km2)
SELECT :code, :level, :name, :parentCode, :gemeenteCode, g.geom, ST_Transform(g.geom, 28992), ST_Area(ST_Transform(g.geom, 28992)) / 1e6
FROM (SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(:geometry::text), 4326)), 3)) AS geom) g
ON CONFLICT (code) DO UPDATE SET
  level = EXCLUDED.level,
  name = CASE WHEN EXCLUDED.name = EXCLUDED.code THEN areas.name ELSE EXCLUDED.name END,
  parent_code = EXCLUDED.parent_code,
  gemeente_code = EXCLUDED.gemeente_code,
  geom = COALESCE(EXCLUDED.geom, areas.geom),
  geom_rd = COALESCE(EXCLUDED.geom_rd, areas.geom_rd),
  area_km2 = COALESCE(EXCLUDED.area_km2, areas.area_km2)
RETURNING (xmax = 0) AS inserted

-- $1 code, $2 level, $3 name, $4 parent code, $5 gemeente code, $6 GeoJSON geometry (or NULL).
-- Generalised CBS polygons can be slightly invalid; ST_MakeValid keeps them usable for joins.
INSERT INTO areas (code, level, name, parent_code, gemeente_code, geom, geom_rd, area_km2)
SELECT $1, $2, $3, $4, $5, g.geom, ST_Transform(g.geom, 28992), ST_Area(ST_Transform(g.geom, 28992)) / 1e6
FROM (SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON($6::text), 4326)), 3)) AS geom) g
ON CONFLICT (code) DO UPDATE SET
  level = EXCLUDED.level,
  name = CASE WHEN EXCLUDED.name = EXCLUDED.code THEN areas.name ELSE EXCLUDED.name END,
  parent_code = EXCLUDED.parent_code,
  gemeente_code = EXCLUDED.gemeente_code,
  geom = COALESCE(EXCLUDED.geom, areas.geom),
  geom_rd = COALESCE(EXCLUDED.geom_rd, areas.geom_rd),
  area_km2 = COALESCE(EXCLUDED.area_km2, areas.area_km2)
RETURNING (xmax = 0) AS inserted

-- For gemeente :gemeente: the point of each of its places, the label point of the union of the
-- areas that make it up (NULL while none of them has a polygon).
UPDATE places p SET point = (
  SELECT ST_Transform(area_label_point(ST_Union(x.geom_rd)), 4326)
  FROM areas x WHERE x.code = ANY(p.area_codes) AND x.geom_rd IS NOT NULL
)
WHERE p.gemeente_code = :gemeente

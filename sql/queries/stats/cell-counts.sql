-- Counts per hexagon cell of size $1 in [$2, $3], categories $4, sources $5 (NULL = all),
-- gemeente $6 (NULL = all). Every cell of the grid appears, with zeros; the geometry is the
-- clipped cell as GeoJSON (5 decimals).
SELECT c.gemeente_code AS gemeente, c.i, c.j,
       COALESCE(k.n, 0)::integer AS n,
       round(c.area_km2::numeric, 4)::float AS "areaKm2",
       ST_AsGeoJSON(c.geom, 5) AS geometry,
       ST_X(ST_Transform(ST_Centroid(c.geom_rd), 4326)) AS lon,
       ST_Y(ST_Transform(ST_Centroid(c.geom_rd), 4326)) AS lat
FROM grid_cells c
LEFT JOIN (
  SELECT gemeente_code, i, j, sum(n) AS n
  FROM report_counts_cell
  WHERE size = $1 AND day BETWEEN $2::date AND $3::date
    AND ($4::text[] IS NULL OR category = ANY ($4::text[]))
    AND ($5::text[] IS NULL OR source = ANY ($5::text[]))
    AND ($6::text IS NULL OR gemeente_code = $6::text)
  GROUP BY gemeente_code, i, j
) k ON k.gemeente_code = c.gemeente_code AND k.i = c.i AND k.j = c.j
WHERE c.size = $1 AND ($6::text IS NULL OR c.gemeente_code = $6::text)
ORDER BY c.gemeente_code, c.i, c.j

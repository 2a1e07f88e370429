-- The hexagon cells (ids GMxxxx:size:i:j) of :sizes that lie in area :code: every
-- cell of the gemeente for a gemeente; else the cells whose point on surface lies in the area, and
-- the cell that holds the area's own point on surface (so a small buurt always has one).
-- Point-in-polygon only: on PGlite (PostGIS 3.6, GEOS 3.14) an ST_Intersection that hits a
-- topology error silently yields no rows at all instead of an error.
SELECT c.gemeente_code || ':' || c.size || ':' || c.i || ':' || c.j AS id
FROM grid_cells c
JOIN areas a ON a.code = :code AND a.gemeente_code = c.gemeente_code
WHERE c.size = ANY (:sizes::integer[])
  AND (a.level = 'gemeente'
       OR (a.geom_rd IS NOT NULL AND c.geom_rd && a.geom_rd
           AND (ST_Intersects(a.geom_rd, ST_PointOnSurface(c.geom_rd)) OR ST_Intersects(c.geom_rd, ST_PointOnSurface(a.geom_rd)))))

-- The wijk of each of the hexagon cells :ids (ids "GMxxxx:size:i:j") of municipality :gemeente:
-- the wijk that holds the cell's point on surface (a clipped cell lies in its municipality).
-- Point-in-polygon only (see briefings/area-cells.sql for why not ST_Intersection). A cell whose
-- point falls in no wijk (generalised boundaries) has no row.
SELECT c.gemeente_code || ':' || c.size || ':' || c.i || ':' || c.j AS id, w.code AS wijk
FROM grid_cells c
JOIN areas w ON w.level = 'wijk' AND w.gemeente_code = c.gemeente_code AND w.geom_rd IS NOT NULL
  AND w.geom_rd && c.geom_rd AND ST_Intersects(w.geom_rd, ST_PointOnSurface(c.geom_rd))
WHERE c.gemeente_code = :gemeente
  AND (c.gemeente_code || ':' || c.size || ':' || c.i || ':' || c.j) = ANY (:ids::text[])

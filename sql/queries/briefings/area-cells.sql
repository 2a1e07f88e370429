-- $1 area code, $2 cell sizes. The hexagon cells (ids GMxxxx:size:i:j) that lie in the area: every
-- cell of the gemeente for a gemeente, else the cells with at least 10 % of their area inside it.
SELECT c.gemeente_code || ':' || c.size || ':' || c.i || ':' || c.j AS id
FROM grid_cells c
JOIN areas a ON a.code = $1 AND a.gemeente_code = c.gemeente_code
WHERE c.size = ANY ($2::integer[])
  AND (a.level = 'gemeente'
       OR (a.geom_rd IS NOT NULL AND c.geom_rd && a.geom_rd
           AND ST_Area(ST_Intersection(c.geom_rd, a.geom_rd)) >= 0.1 * ST_Area(c.geom_rd)))

-- Adds the chunk's new locations (sx, sy), snapped to a grid of :snapMetres, with their hexagon
-- cells, and their buurt, wijk and gemeente when that is decided for every point that snaps there.
--
-- Every point that snaps to (sx, sy) lies in the square of side :snapMetres around it (closed;
-- widened by a millimetre against rounding). When one buurt piece covers that square and no piece
-- of another buurt touches it, each such point intersects that buurt and no other, so it gets that
-- buurt — exactly what the point-by-point test would give, at one polygon test per square instead
-- of one per point. Other squares (on a boundary, in a gap) leave buurt_code NULL: their points are
-- tested one by one (locate-edges.sql).
INSERT INTO import_squares (sx, sy, buurt_code, wijk_code, gemeente_code, hex250_i, hex250_j, hex500_i, hex500_j, hex1000_i, hex1000_j)
SELECT c.sx, c.sy, a.code, a.parent_code, a.gemeente_code, c.h250[1], c.h250[2], c.h500[1], c.h500[2], c.h1000[1], c.h1000[2]
FROM (
  SELECT q.sx, q.sy,
         (SELECT CASE WHEN count(DISTINCT b.buurt_code) = 1 AND bool_or(ST_Covers(b.geom_rd, q.square)) THEN min(b.buurt_code) END
          FROM buurt_pieces b
          WHERE ST_Intersects(b.geom_rd, q.square)) AS buurt_code,
         hex_cell(q.sx, q.sy, 250) AS h250, hex_cell(q.sx, q.sy, 500) AS h500, hex_cell(q.sx, q.sy, 1000) AS h1000
  FROM (
    SELECT d.sx, d.sy,
           ST_MakeEnvelope(d.sx - :snapMetres::double precision / 2 - 0.001, d.sy - :snapMetres::double precision / 2 - 0.001,
                           d.sx + :snapMetres::double precision / 2 + 0.001, d.sy + :snapMetres::double precision / 2 + 0.001, 28992) AS square
    FROM (SELECT DISTINCT p.sx, p.sy FROM import_points p
          WHERE NOT EXISTS (SELECT 1 FROM import_squares s WHERE s.sx = p.sx AND s.sy = p.sy)) d
  ) q
) c
LEFT JOIN areas a ON a.code = c.buurt_code

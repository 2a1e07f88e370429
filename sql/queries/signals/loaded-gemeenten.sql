-- Loaded municipalities (those with a hexagon grid), in code order.
SELECT a.code FROM areas a WHERE a.level = 'gemeente' AND EXISTS (SELECT 1 FROM grid_cells c WHERE c.gemeente_code = a.code) ORDER BY a.code

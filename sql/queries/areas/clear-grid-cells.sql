-- Removes the hexagon cells of a municipality, at every size, before they are built again from its
-- new outline.
DELETE FROM grid_cells WHERE gemeente_code = :gemeenteCode

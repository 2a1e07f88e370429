-- Removes the buurt pieces of a municipality before they are cut again from its new polygons.
DELETE FROM buurt_pieces WHERE gemeente_code = :gemeenteCode

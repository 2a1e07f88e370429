DELETE FROM grid_cells WHERE gemeente_code = :gemeenteCode

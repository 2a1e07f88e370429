DELETE FROM buurt_pieces WHERE gemeente_code = :gemeenteCode

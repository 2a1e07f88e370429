-- Label points of a municipality's areas after they were (re)loaded (migration 009's
-- area_label_point, computed in RD New so that distances are metres).
UPDATE areas SET label_point = ST_Transform(area_label_point(geom_rd), 4326)
WHERE gemeente_code = :gemeenteCode AND geom_rd IS NOT NULL

-- One place of a places file; its point is derived afterwards (places/locate).
INSERT INTO places (name, kind, gemeente_code, area_codes) VALUES (:name, :kind, :gemeente, :areas::text[])

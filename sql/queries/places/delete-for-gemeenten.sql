-- Removes the places of the municipalities :gemeenten (a places file replaces theirs).
DELETE FROM places WHERE gemeente_code = ANY(:gemeenten::text[])

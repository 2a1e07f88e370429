-- Places with a point, larger kinds first (the map places labels in this order).
SELECT name, kind, gemeente_code AS gemeente,
       json_build_array(round(ST_X(point)::numeric, 5), round(ST_Y(point)::numeric, 5)) AS point
FROM places WHERE point IS NOT NULL
ORDER BY CASE kind WHEN 'stad' THEN 0 WHEN 'dorp' THEN 1 ELSE 2 END, name

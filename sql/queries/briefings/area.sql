-- The area :code of a briefing, with the names of its parent (wijk or gemeente) and gemeente.
SELECT a.code, a.level, a.name, a.parent_code AS parent, p.name AS "parentName",
       a.gemeente_code AS gemeente, g.name AS "gemeenteName",
       a.inhabitants, a.inhabitants_estimated AS "inhabitantsEstimated", a.area_km2 AS "areaKm2",
       g.inhabitants AS "gemeenteInhabitants", g.inhabitants_estimated AS "gemeenteInhabitantsEstimated"
FROM areas a
LEFT JOIN areas p ON p.code = a.parent_code
LEFT JOIN areas g ON g.code = a.gemeente_code
WHERE a.code = :code

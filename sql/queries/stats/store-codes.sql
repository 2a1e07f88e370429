-- The category, source and gemeente codes, in a fixed order, for the in-memory rollups.
SELECT (SELECT array_agg(code ORDER BY sort_order) FROM categories) AS categories,
       (SELECT array_agg(code ORDER BY sort_order) FROM sources) AS sources,
       (SELECT COALESCE(array_agg(code ORDER BY code), '{}') FROM areas WHERE level = 'gemeente') AS gemeenten

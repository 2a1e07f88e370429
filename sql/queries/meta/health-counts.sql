-- The row counts /api/health shows, read again only when the data version has moved (counting a
-- million reports takes 0.1-0.3 s: too much for a public probe that monitoring calls every few seconds).
SELECT (SELECT count(*) FROM areas)::integer AS areas,
       (SELECT count(*) FROM reports)::integer AS reports,
       (SELECT count(*) FROM inspections)::integer AS inspections

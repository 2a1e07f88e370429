SELECT (SELECT count(*) FROM areas)::integer AS n

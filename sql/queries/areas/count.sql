-- How many areas are loaded. None means a new embedded database, which gets a first admin account
-- and, if configured, the demo data.
SELECT (SELECT count(*) FROM areas)::integer AS n

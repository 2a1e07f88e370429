-- Which of the given area codes are loaded. Population and place imports refuse a file that names
-- an area that is not.
SELECT code FROM areas WHERE code = ANY(:codes::text[])

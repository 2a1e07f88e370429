-- Whether a municipality is loaded.
SELECT 1 AS found FROM areas WHERE code = :gemeente AND level = 'gemeente'

-- The same external id twice in one file of :kind (per source for reports) is an error, not a
-- merge. Run only when storing a chunk met an id that was there already: otherwise the unique index
-- has already shown that the file has no duplicates.
SELECT external_id, array_agg(line ORDER BY line) AS lines
FROM import_keys
GROUP BY external_id, CASE WHEN :kind::text = 'reports' THEN code2 ELSE '' END
HAVING count(*) > 1
ORDER BY min(line)
LIMIT 100

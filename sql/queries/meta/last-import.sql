-- The newest report or inspection import, shown as the data version. Area and population loads do
-- not count.
SELECT id, kind, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"
FROM import_batches WHERE kind IN ('reports', 'inspections') ORDER BY id DESC LIMIT 1

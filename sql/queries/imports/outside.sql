SELECT line FROM import_located WHERE buurt_code IS NULL ORDER BY line LIMIT 100

-- Rows of the chunk more than 150 m from every buurt.
SELECT line FROM import_edge_points WHERE buurt_code IS NULL ORDER BY line LIMIT 100

-- The chunk's ids, kept for the duplicate check (duplicates.sql).
INSERT INTO import_keys (line, external_id, code2) SELECT line, external_id, code2 FROM import_located

-- The same as copy-staged-keys.sql when the import's own session locates (embedded engine).
INSERT INTO import_keys (line, external_id, code2) SELECT line, external_id, code2 FROM import_staging

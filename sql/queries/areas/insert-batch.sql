-- The batch row of an area import. Its counts are filled in by areas/finish-batch once every area
-- is stored.
INSERT INTO import_batches (kind, file_name, content_hash, rows_total, created_by)
VALUES ('areas', :fileName, :contentHash, :rowsTotal, :createdBy)
RETURNING id

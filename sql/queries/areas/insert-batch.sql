INSERT INTO import_batches (kind, file_name, content_hash, rows_total, created_by)
VALUES ('areas', :fileName, :contentHash, :rowsTotal, :createdBy)
RETURNING id

-- Completes the batch row once every row is stored. The content hash is known only then, because
-- the file is hashed while it streams in.
UPDATE import_batches SET content_hash = :contentHash, rows_total = :rowsTotal, rows_inserted = :inserted, rows_present = :present
WHERE id = :batchId

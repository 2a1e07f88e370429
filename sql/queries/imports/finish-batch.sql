UPDATE import_batches SET content_hash = :contentHash, rows_total = :rowsTotal, rows_inserted = :inserted, rows_present = :present
WHERE id = :batchId

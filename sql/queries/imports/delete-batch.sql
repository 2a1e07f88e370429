DELETE FROM import_batches WHERE id = :batchId

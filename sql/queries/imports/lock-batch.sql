SELECT kind FROM import_batches WHERE id = :batchId FOR UPDATE

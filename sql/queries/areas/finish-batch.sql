UPDATE import_batches SET rows_inserted = :inserted, rows_present = :present WHERE id = :batchId

-- Completes the batch row of an area import with how many areas were new and how many were already
-- present (and updated).
UPDATE import_batches SET rows_inserted = :inserted, rows_present = :present WHERE id = :batchId

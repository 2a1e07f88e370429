-- Locks the batch row at the start of a rollback. A second rollback of the same batch waits, then
-- finds no row, so the rollups are not reduced twice.
SELECT kind FROM import_batches WHERE id = :batchId FOR UPDATE

-- The last step of a rollback, after the rows of the batch are gone. Reports and inspections carry
-- no foreign key to the batch, so nothing else would remove them.
DELETE FROM import_batches WHERE id = :batchId

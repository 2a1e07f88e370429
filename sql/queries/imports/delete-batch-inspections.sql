-- Removes the inspections of a rolled-back batch and returns how many went.
WITH gone AS (DELETE FROM inspections WHERE batch_id = :batchId RETURNING 1) SELECT count(*)::integer AS n FROM gone

-- Removes the reports of a rolled-back batch and returns how many went. Runs after the rollups have
-- lost what this batch added, since those deltas are computed from these rows.
WITH gone AS (DELETE FROM reports WHERE batch_id = :batchId RETURNING 1) SELECT count(*)::integer AS n FROM gone

WITH gone AS (DELETE FROM reports WHERE batch_id = :batchId RETURNING 1) SELECT count(*)::integer AS n FROM gone

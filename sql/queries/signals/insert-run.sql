-- Starts a run with its parameters (defaults filled in), their canonical key and the data version.
INSERT INTO signal_runs (purpose, status, parameters, emerging_key, data_batch_id, rollup_checksum, data_end, created_by)
VALUES ('signals', 'running', :parameters::jsonb, :key, :batchId, :checksum, :dataEnd::date, :createdBy)
RETURNING id, started_at::text AS "startedAt"

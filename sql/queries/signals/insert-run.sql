-- Starts a run with its parameters (defaults filled in), their canonical key, the data version and
-- the publication settings of its figures.
INSERT INTO signal_runs (purpose, status, parameters, emerging_key, data_batch_id, rollup_checksum, data_end, created_by, disclosure)
VALUES ('signals', 'running', :parameters::jsonb, :key, :batchId, :checksum, :dataEnd::date, :createdBy, :disclosure)
RETURNING id, started_at::text AS "startedAt"

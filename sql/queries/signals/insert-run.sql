-- Starts a run. $1 purpose, $2 parameters (jsonb), $3 emerging key, $4 last import batch id,
-- $5 rollup checksum, $6 last day of data, $7 created by.
INSERT INTO signal_runs (purpose, status, parameters, emerging_key, data_batch_id, rollup_checksum, data_end, created_by)
VALUES ($1, 'running', $2::jsonb, $3, $4, $5, $6::date, $7)
RETURNING id, started_at::text AS "startedAt"

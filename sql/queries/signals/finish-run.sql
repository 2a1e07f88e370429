-- Marks run $1 completed or failed ($2) with its cube, municipalities, timings and error.
UPDATE signal_runs
SET status = $2, finished_at = clock_timestamp(), cube_from = $3::date, cube_to = $4::date, steps = $5,
    gemeenten = COALESCE($6::text[], '{}'), timings = $7::jsonb, error = $8
WHERE id = $1
RETURNING finished_at::text AS "finishedAt"

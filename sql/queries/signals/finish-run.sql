-- Marks a run completed or failed with its weeks, municipalities, timings and error.
UPDATE signal_runs
SET status = :status, finished_at = clock_timestamp(), cube_from = :cubeFrom::date, cube_to = :cubeTo::date, steps = :steps,
    gemeenten = COALESCE(:gemeenten::text[], '{}'), timings = :timings::jsonb, error = :error
WHERE id = :runId
RETURNING finished_at::text AS "finishedAt"

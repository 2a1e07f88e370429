-- The latest completed run of purpose $1 (NULL = any) whose emerging key is $2 (NULL = any) and,
-- when $3 is given, whose rollup checksum is $3.
SELECT id, purpose, status, started_at::text AS "startedAt", finished_at::text AS "finishedAt", parameters,
       emerging_key AS "emergingKey", data_batch_id AS "dataBatchId", rollup_checksum AS "rollupChecksum",
       data_end::text AS "dataEnd", cube_from::text AS "cubeFrom", cube_to::text AS "cubeTo", steps, gemeenten, timings
FROM signal_runs
WHERE status = 'completed'
  AND ($1::text IS NULL OR purpose = $1::text)
  AND ($2::text IS NULL OR emerging_key = $2::text)
  AND ($3::text IS NULL OR rollup_checksum = $3::text)
ORDER BY id DESC
LIMIT 1

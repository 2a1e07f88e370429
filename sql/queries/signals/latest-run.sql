-- The latest completed run (optionally only one with the given rollup checksum).
SELECT id, purpose, status, started_at::text AS "startedAt", finished_at::text AS "finishedAt", parameters,
       emerging_key AS "key", data_batch_id AS "dataBatchId", rollup_checksum AS "rollupChecksum",
       data_end::text AS "dataEnd", cube_from::text AS "cubeFrom", cube_to::text AS "cubeTo", steps, gemeenten, timings
FROM signal_runs
WHERE status = 'completed' AND purpose = 'signals'
  AND (:checksum::text IS NULL OR rollup_checksum = :checksum::text)
ORDER BY id DESC
LIMIT 1

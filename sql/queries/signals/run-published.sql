-- The run behind the published signal list: the latest completed run everyone may see.
SELECT id, purpose, visibility, trigger, created_by AS "createdBy", status, started_at::text AS "startedAt",
       finished_at::text AS "finishedAt", parameters, emerging_key AS "key", data_batch_id AS "dataBatchId",
       rollup_checksum AS "rollupChecksum", data_end::text AS "dataEnd", cube_from::text AS "cubeFrom",
       cube_to::text AS "cubeTo", steps, gemeenten, timings, disclosure
FROM signal_runs
WHERE purpose = 'signals' AND status = 'completed' AND visibility = 'published'
ORDER BY id DESC
LIMIT 1

-- The latest completed draft run of one analyst (:createdBy); nobody else's. Only a draft made
-- under the current publication settings (:disclosure, publish/index.ts disclosureKey): the figures
-- of one made under others would not be published now; the analyst runs it again.
SELECT id, purpose, visibility, trigger, created_by AS "createdBy", status, started_at::text AS "startedAt",
       finished_at::text AS "finishedAt", parameters, emerging_key AS "key", data_batch_id AS "dataBatchId",
       rollup_checksum AS "rollupChecksum", data_end::text AS "dataEnd", cube_from::text AS "cubeFrom",
       cube_to::text AS "cubeTo", steps, gemeenten, timings, disclosure
FROM signal_runs
WHERE purpose = 'signals' AND status = 'completed' AND visibility = 'draft' AND created_by = :createdBy
  AND disclosure = :disclosure
ORDER BY id DESC
LIMIT 1

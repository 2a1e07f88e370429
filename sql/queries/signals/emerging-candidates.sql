-- Completed runs (newest first) that can answer an emerging map: emerging key $1, rollup checksum
-- $2; the caller checks that their municipalities cover the request. Not drafts: an analyst's
-- what-if run is theirs alone and may be discarded at any moment.
SELECT id, purpose, started_at::text AS "startedAt", finished_at::text AS "finishedAt", parameters,
       data_batch_id AS "dataBatchId", rollup_checksum AS "rollupChecksum", data_end::text AS "dataEnd",
       cube_from::text AS "cubeFrom", cube_to::text AS "cubeTo", steps, gemeenten
FROM signal_runs
WHERE status = 'completed' AND emerging_key = $1 AND rollup_checksum = $2 AND visibility = 'published'
ORDER BY id DESC
LIMIT 10

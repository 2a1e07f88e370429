-- The data version a briefing cites: the last report or inspection import and the data extent.
SELECT b.id AS "batchId", b.kind, to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt",
       (SELECT min(day)::text FROM report_counts_daily) AS "dataFrom",
       (SELECT max(day)::text FROM report_counts_daily) AS "dataTo"
FROM (SELECT 1) AS one
LEFT JOIN LATERAL (
  SELECT id, kind, created_at FROM import_batches WHERE kind IN ('reports', 'inspections') ORDER BY id DESC LIMIT 1
) b ON true

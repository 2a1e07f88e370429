-- rowsStored: reports or inspections of the batch still stored; NULL for areas and population
-- batches (their rows are updated in place, not kept per batch).
SELECT b.id, b.kind, b.file_name AS "fileName", b.rows_total AS "rowsTotal", b.rows_inserted AS "rowsInserted",
       b.rows_present AS "rowsPresent", b.dropped_columns AS "droppedColumns", b.dropped_column_count AS "droppedColumnCount",
       to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt", b.created_by AS "createdBy",
       CASE b.kind WHEN 'reports' THEN (SELECT count(*) FROM reports r WHERE r.batch_id = b.id)::integer
                   WHEN 'inspections' THEN (SELECT count(*) FROM inspections i WHERE i.batch_id = b.id)::integer
                   END AS "rowsStored"
FROM import_batches b
ORDER BY b.id DESC
LIMIT 500

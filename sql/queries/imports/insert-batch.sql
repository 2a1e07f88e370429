-- The batch row first (its id goes on every stored row); counts and hash follow at the end.
INSERT INTO import_batches (kind, file_name, content_hash, rows_total, dropped_columns, dropped_column_count, snap_metres, created_by)
VALUES (:kind, :fileName, '', 0, :droppedColumns, :droppedColumnCount, :snapMetres, :createdBy)
RETURNING id

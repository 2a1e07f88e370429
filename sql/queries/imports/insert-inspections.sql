-- As insert-reports.sql, into batch :batchId, for inspections (which also keep a WGS84 point).
WITH inserted AS (
  INSERT INTO inspections (external_id, inspected_on, kind, outcome, geom, geom_rd, buurt_code, wijk_code, gemeente_code, batch_id)
  SELECT l.external_id, l.day, l.code, l.code2, ST_Transform(ST_SetSRID(ST_MakePoint(l.sx, l.sy), 28992), 4326),
         ST_SetSRID(ST_MakePoint(l.sx, l.sy), 28992), l.buurt_code, l.wijk_code, l.gemeente_code, :batchId
  FROM import_located l
  WHERE NOT EXISTS (SELECT 1 FROM inspections i WHERE i.external_id = l.external_id)
  RETURNING 1
)
SELECT count(*)::integer AS inserted FROM inserted

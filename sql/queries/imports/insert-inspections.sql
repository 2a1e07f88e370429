WITH inserted AS (
  INSERT INTO inspections (external_id, inspected_on, kind, outcome, geom, geom_rd, buurt_code, wijk_code, gemeente_code, batch_id)
  SELECT external_id, day, code, code2, ST_Transform(snapped, 4326), snapped, buurt_code, wijk_code, gemeente_code, $1
  FROM import_located l
  WHERE NOT EXISTS (SELECT 1 FROM inspections i WHERE i.external_id = l.external_id)
  RETURNING inspected_on
)
SELECT count(*)::integer AS inserted, '{}'::text[] AS days FROM inserted

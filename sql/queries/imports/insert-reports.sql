-- $1 batch id. Existing (source, external_id) pairs are left as they are: re-import is idempotent.
WITH inserted AS (
  INSERT INTO reports (source, external_id, received_on, category, geom, geom_rd, buurt_code, wijk_code, gemeente_code, batch_id)
  SELECT code2, external_id, day, code, ST_Transform(snapped, 4326), snapped, buurt_code, wijk_code, gemeente_code, $1
  FROM import_located
  ORDER BY day, buurt_code
  ON CONFLICT (source, external_id) DO NOTHING
  RETURNING received_on
)
SELECT count(*)::integer AS inserted,
       COALESCE(array_agg(DISTINCT received_on::text), '{}') AS days
FROM inserted

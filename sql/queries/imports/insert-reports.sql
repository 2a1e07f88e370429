-- $1 batch id. Existing (source, external_id) pairs are left as they are: re-import is idempotent.
-- (An anti-join rather than ON CONFLICT: speculative insertion per row is much slower in bulk;
-- the unique constraint still stops a concurrent import of the same ids.)
WITH inserted AS (
  INSERT INTO reports (source, external_id, received_on, category, geom, geom_rd, buurt_code, wijk_code, gemeente_code, batch_id)
  SELECT code2, external_id, day, code, ST_Transform(snapped, 4326), snapped, buurt_code, wijk_code, gemeente_code, $1
  FROM import_located l
  WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.source = l.code2 AND r.external_id = l.external_id)
  ORDER BY day, buurt_code
  RETURNING received_on
)
SELECT count(*)::integer AS inserted,
       COALESCE(array_agg(DISTINCT received_on::text), '{}') AS days
FROM inserted

-- Stores the chunk's located rows whose ids are new in batch :batchId. Existing pairs are left as
-- they are: re-import is idempotent. (An anti-join rather than ON CONFLICT: speculative insertion
-- per row is much slower in bulk; the unique constraint still stops a concurrent import of the
-- same ids. The caller makes the anti-join probe the unique index per row: a hash join would read
-- the whole reports table for every chunk.)
WITH inserted AS (
  INSERT INTO reports (source, external_id, received_on, category, geom_rd, buurt_code, wijk_code, gemeente_code, batch_id,
                       hex250_i, hex250_j, hex500_i, hex500_j, hex1000_i, hex1000_j, record_key)
  SELECT l.code2, l.external_id, l.day, l.code, ST_SetSRID(ST_MakePoint(l.sx, l.sy), 28992), l.buurt_code, l.wijk_code, l.gemeente_code, :batchId,
         l.hex250_i, l.hex250_j, l.hex500_i, l.hex500_j, l.hex1000_i, l.hex1000_j, l.record_key
  FROM import_located l
  WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.source = l.code2 AND r.external_id = l.external_id)
  RETURNING 1
)
SELECT count(*)::integer AS inserted FROM inserted

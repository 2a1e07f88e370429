-- Stores every located row of the chunk in batch :batchId, for when none of its ids is present yet:
-- the primary key (external_id, source) checks that as it is maintained, without a separate
-- probe per row. When an id is present the statement fails and the caller rolls back to a
-- savepoint and uses insert-reports.sql instead.
INSERT INTO reports (source, external_id, received_on, category, geom_rd, buurt_code, wijk_code, gemeente_code, batch_id,
                     hex250_i, hex250_j, hex500_i, hex500_j, hex1000_i, hex1000_j, record_key)
SELECT l.code2, l.external_id, l.day, l.code, ST_SetSRID(ST_MakePoint(l.sx, l.sy), 28992), l.buurt_code, l.wijk_code, l.gemeente_code, :batchId,
       l.hex250_i, l.hex250_j, l.hex500_i, l.hex500_j, l.hex1000_i, l.hex1000_j, l.record_key
FROM import_located l

-- Import speed (issue #3), second step: fewer B-tree indexes on reports.
--
-- Every B-tree on reports is maintained row by row as an import inserts; together they cost more
-- than writing the rows themselves. What each one was for:
-- - id (identity, primary key): nothing refers to a report by it. A report is identified by its
--   source and the id in that source's export, which already has a unique key; that key becomes
--   the primary key (ids first, as in migration 005) and the surrogate column goes.
-- - received_on and batch_id: read as ranges (the days at the edges of a period, a year of
--   signal steps, one import batch for its rollups or its rollback). Reports arrive in batches
--   of consecutive days and are appended in that order, so both values follow the physical order
--   of the table. A BRIN index (the value range per 128 pages) then finds the same pages at a
--   tiny fraction of the upkeep: a few hundred summaries for a million reports instead of two
--   million index entries. Pages an import adds are summarised at its end
--   (imports/summarise-reports.sql); until then a scan reads them, so results never depend on it.
ALTER TABLE reports DROP CONSTRAINT reports_pkey;
ALTER TABLE reports DROP COLUMN id;
ALTER TABLE reports DROP CONSTRAINT reports_external_id_source_key;
ALTER TABLE reports ADD CONSTRAINT reports_pkey PRIMARY KEY (external_id, source);
DROP INDEX reports_received_idx;
DROP INDEX reports_batch_idx;
CREATE INDEX reports_received_batch_brin ON reports USING brin (received_on, batch_id);

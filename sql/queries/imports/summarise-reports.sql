-- After an import has appended reports: the BRIN index summarises the pages it added (migration
-- 007; until then every query reads them), and the planner learns the table's new size and value
-- ranges, so the rollups and the statistics find the batch and the days through that index
-- rather than reading the whole table. Sampling costs a fraction of a second for a million rows.
SELECT brin_summarize_new_values('reports_received_batch_brin'::regclass);
ANALYZE reports;

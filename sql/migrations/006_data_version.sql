-- A data version for the server's response cache (server/services/response-cache.ts): one
-- counter row, bumped in the same transaction as every statement that writes a table the cached
-- responses are computed from. Because the bump commits (or rolls back) together with the data,
-- any process that can see the new data also sees the new version — including changes made by
-- another process on the same database (the CLI import while the server runs).
--
-- Statement-level triggers: one UPDATE per statement, not per row, so a million-row import pays
-- for it once. The bump holds the counter row's lock until the writing transaction ends, so
-- transactions that write these tables (imports, rollbacks, area loads) run one after another;
-- they already did in practice (imports serialise on the rollups). Readers never wait for it
-- (MVCC): a request reads the last committed version while an import is running.
--
-- A later migration that adds a table the statistics read must add the same trigger.

CREATE TABLE data_version (
  id      boolean PRIMARY KEY DEFAULT true CHECK (id),
  version bigint NOT NULL
);
INSERT INTO data_version (id, version) VALUES (true, 1);

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_version SET version = version + 1;
  RETURN NULL;
END
$$;

-- tests/db/response-cache.test.ts checks that every table the cached queries read has it.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['reports', 'inspections', 'areas', 'buurt_pieces', 'grid_cells', 'categories', 'sources',
                           'import_batches', 'report_counts_daily', 'report_counts_monthly', 'report_counts_cell_monthly']
  LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()',
                   t || '_bump_data_version', t);
  END LOOP;
END
$$;

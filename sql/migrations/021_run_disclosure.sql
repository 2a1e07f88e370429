-- The publication settings a signal run published its figures under (server/publish/index.ts
-- disclosureKey). The published list is made again when they change, as when the data or the
-- defaults change (server/services/signals/publication.ts publishedIsCurrent): its cards would
-- otherwise keep figures published under the old rules until the next import. NULL: a run from
-- before this migration, whose settings are not known (made again at the next check).
ALTER TABLE signal_runs ADD COLUMN disclosure text;

-- Inspections are published through the same layer as reports (docs/disclosure.md): each gets a
-- secret record key (migration 008's random_record_key(), drawn per row here and for every row an
-- import inserts later), so a briefing's inspection counts are perturbed like report counts.
ALTER TABLE inspections ADD COLUMN record_key bigint NOT NULL DEFAULT random_record_key()
  CONSTRAINT inspections_record_key_range CHECK (record_key >= 0 AND record_key < 4294967296);

-- The ids of a chunk that is not stored (a row lies outside the areas), as CSV from a locating
-- session beside the import's transaction: the duplicate check still sees them, so one pass
-- reports duplicate ids and points outside together.
COPY (SELECT line, external_id, code2 FROM import_staging) TO STDOUT WITH (FORMAT csv)

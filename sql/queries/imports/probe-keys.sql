-- While storing a chunk whose ids may be present already (insert-reports.sql): the anti-join
-- probes the unique index per row instead of hashing the whole table. For the transaction only,
-- until probe-keys-end.sql.
SET LOCAL enable_hashjoin = off

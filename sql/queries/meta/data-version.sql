-- The data version of migration 006: a counter bumped in the transaction of every write to the
-- tables that statistics, hot spots and signal runs are computed from.
SELECT version::text AS version FROM data_version

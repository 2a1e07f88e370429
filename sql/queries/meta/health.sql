-- What /api/health reads on every call: one round trip of constant cost (the row counts are kept
-- per data version, meta/health-counts).
SELECT postgis_lib_version() AS postgis,
       (SELECT max(version) FROM schema_migrations)::integer AS level,
       (SELECT version::text FROM data_version) AS version

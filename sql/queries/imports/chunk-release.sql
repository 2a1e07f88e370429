-- The chunk was stored: its savepoint (chunk-savepoint.sql) is no longer needed.
RELEASE SAVEPOINT import_chunk

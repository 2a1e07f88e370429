-- A savepoint before a chunk is stored: a refused id undoes only that chunk's insert
-- (chunk-undo.sql).
SAVEPOINT import_chunk

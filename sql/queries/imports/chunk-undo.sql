-- A chunk's insert was refused (an id present already, or twice in the chunk): undo it and drop
-- its savepoint (chunk-savepoint.sql); the transaction goes on.
ROLLBACK TO SAVEPOINT import_chunk;
RELEASE SAVEPOINT import_chunk

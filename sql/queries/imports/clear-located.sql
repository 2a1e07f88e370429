-- Empties the store side's table of located rows for the next chunk.
TRUNCATE import_located

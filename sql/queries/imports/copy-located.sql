-- The chunk's located rows as CSV, from a locating session beside the import's transaction; the
-- import copies them into import_located (same columns, same order). Doubles are written with
-- their shortest exact text, so the snapped coordinates arrive unchanged.
COPY (SELECT * FROM import_chunk_located) TO STDOUT WITH (FORMAT csv)

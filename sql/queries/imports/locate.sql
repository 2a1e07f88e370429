-- The chunk's located rows, kept for an insert that must skip ids already present.
INSERT INTO import_located SELECT * FROM import_chunk_located

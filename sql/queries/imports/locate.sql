-- The chunk's located rows into the store side's table, when both sides are one session.
INSERT INTO import_located SELECT * FROM import_chunk_located

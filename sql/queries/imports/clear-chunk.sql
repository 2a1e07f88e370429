-- Empties the locating work tables for the next chunk (import_squares is kept across chunks).
TRUNCATE import_staging, import_points, import_edge_points

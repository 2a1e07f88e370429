TRUNCATE import_staging, import_points, import_edge_points, import_located

SELECT postgis_lib_version() AS postgis,
       (SELECT max(version) FROM schema_migrations)::integer AS level,
       (SELECT count(*) FROM areas)::integer AS areas,
       (SELECT count(*) FROM reports)::integer AS reports,
       (SELECT count(*) FROM inspections)::integer AS inspections

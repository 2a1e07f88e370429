-- All areas (optionally of one gemeente) with what a statistic needs to label and scale them.
SELECT code, level, name, parent_code AS parent, gemeente_code AS gemeente, inhabitants,
       inhabitants_estimated AS "inhabitantsEstimated", area_km2 AS "areaKm2"
FROM areas
WHERE (:gemeente::text IS NULL OR gemeente_code = :gemeente::text)
ORDER BY level, code

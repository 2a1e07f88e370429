-- One area with what a statistic needs to label and scale it.
SELECT code, level, name, parent_code AS parent, gemeente_code AS gemeente, inhabitants,
       inhabitants_estimated AS "inhabitantsEstimated", area_km2 AS "areaKm2"
FROM areas WHERE code = :code

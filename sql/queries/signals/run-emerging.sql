-- Emerging results of run $1 for municipality $2 (NULL = all) and category $3 ('' = all categories
-- together).
SELECT gemeente_code AS gemeente, location, cell_i AS i, cell_j AS j, class_code AS "classCode",
       no_pattern_reason AS reason, hot_steps AS "hotSteps", cold_steps AS "coldSteps",
       first_hot::text AS "firstHot", last_hot::text AS "lastHot", first_cold::text AS "firstCold",
       last_cold::text AS "lastCold", final_run AS "finalRun", trend_direction AS "trendDirection",
       trend_tau AS "trendTau", trend_z AS "trendZ", trend_p AS "trendP", last_z AS "lastZ", last_p AS "lastP",
       total_count AS total
FROM emerging_results
WHERE run_id = $1 AND ($2::text IS NULL OR gemeente_code = $2::text) AND COALESCE(category, '') = $3::text
ORDER BY gemeente_code, location

-- Signals of run $1, in rank order; $2 gemeente, $3 category ('' = all categories together,
-- NULL = any), $4 status, $5 kind (NULL = any).
SELECT id, gemeente_code AS gemeente, kind, category, class_code AS "classCode", location_type AS "locationType",
       locations, bbox, confidence, first_day::text AS "firstDay", last_day::text AS "lastDay", counts,
       trend_tau AS "trendTau", trend_z AS "trendZ", trend_p AS "trendP", score, rank, status, details
FROM signals
WHERE run_id = $1
  AND ($2::text IS NULL OR gemeente_code = $2::text)
  AND ($3::text IS NULL OR COALESCE(category, '') = $3::text)
  AND ($4::text IS NULL OR status = $4::text)
  AND ($5::text IS NULL OR kind = $5::text)
ORDER BY rank

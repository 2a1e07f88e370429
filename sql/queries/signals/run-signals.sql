-- Signals of a run, in rank order; filters: municipality, category ('' = all categories
-- together, NULL = any), status, kind (lead | map; NULL = any).
SELECT id, gemeente_code AS gemeente, kind, category, class_code AS "classCode", locations, bbox,
       first_day::text AS "firstDay", last_day::text AS "lastDay", score, rank, status, q,
       explanation_nl AS "explanationNl", explanation_en AS "explanationEn", details
FROM signals
WHERE run_id = :runId
  AND (:gemeente::text IS NULL OR gemeente_code = :gemeente::text)
  AND (:category::text IS NULL OR COALESCE(category, '') = :category::text)
  AND (:status::text IS NULL OR status = :status::text)
  AND (:kind::text IS NULL OR kind = :kind::text)
ORDER BY rank

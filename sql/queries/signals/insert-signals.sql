-- Stores the signals of a run from a JSON array (one object per signal). `counts` stays {}: a
-- signal keeps only what it may publish (details).
INSERT INTO signals (run_id, gemeente_code, kind, category, class_code, location_type, locations, bbox, confidence,
                     first_day, last_day, counts, score, rank, status, explanation_nl, explanation_en, details, q)
SELECT :runId, s.gemeente, s.kind, s.category, s.class_code, 'buurt',
       ARRAY(SELECT jsonb_array_elements_text(s.locations)),
       ARRAY(SELECT (jsonb_array_elements_text(s.bbox))::double precision),
       NULL, s.first_day, s.last_day, '{}'::jsonb, s.score, s.rank, s.status,
       s.explanation_nl, s.explanation_en, s.details, s.q
FROM jsonb_to_recordset(:records::jsonb) AS s (
  gemeente text, kind text, category text, class_code text, locations jsonb, bbox jsonb, first_day date, last_day date,
  score double precision, rank integer, status text, explanation_nl text, explanation_en text, details jsonb, q double precision)

-- Stores the signals of run $1 from a JSON array (one object per signal).
INSERT INTO signals (run_id, gemeente_code, kind, category, class_code, location_type, locations, bbox, confidence,
                     first_day, last_day, counts, trend_tau, trend_z, trend_p, score, rank, status,
                     explanation_nl, explanation_en, details)
SELECT $1, s.gemeente, s.kind, s.category, s.class_code, s.location_type,
       ARRAY(SELECT jsonb_array_elements_text(s.locations)),
       ARRAY(SELECT (jsonb_array_elements_text(s.bbox))::double precision),
       s.confidence, s.first_day, s.last_day, s.counts, s.trend_tau, s.trend_z, s.trend_p, s.score, s.rank, s.status,
       s.explanation_nl, s.explanation_en, s.details
FROM jsonb_to_recordset($2::jsonb) AS s (
  gemeente text, kind text, category text, class_code text, location_type text, locations jsonb, bbox jsonb,
  confidence double precision, first_day date, last_day date, counts jsonb, trend_tau double precision,
  trend_z double precision, trend_p double precision, score double precision, rank integer, status text,
  explanation_nl text, explanation_en text, details jsonb)

-- The signals of the reference run (status-reference-run), for matching new against ongoing.
SELECT kind, category, class_code, locations FROM signals WHERE run_id = :runId

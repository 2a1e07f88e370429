-- Lead signals of a run: category, class and places (for the status of the next run's signals).
SELECT category, class_code AS "classCode", locations FROM signals WHERE run_id = :runId AND kind = 'lead'

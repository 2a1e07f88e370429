-- Discards the draft runs of one analyst (:createdBy) except :keepId (NULL: all of them) and
-- except one still running; their signals go with them (ON DELETE CASCADE).
DELETE FROM signal_runs
WHERE visibility = 'draft' AND created_by = :createdBy AND status <> 'running'
  AND (:keepId::bigint IS NULL OR id <> :keepId::bigint)
RETURNING id

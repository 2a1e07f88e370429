-- Keeps the newest :keep runs of each purpose (and every running one); older runs go with their signals.
DELETE FROM signal_runs r
WHERE r.status <> 'running'
  AND r.id NOT IN (SELECT id FROM signal_runs s WHERE s.purpose = r.purpose ORDER BY id DESC LIMIT :keep)

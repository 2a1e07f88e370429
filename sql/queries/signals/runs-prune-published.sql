-- Keeps the newest :keep published runs, every running run and, whatever happened since, the
-- latest completed published run (the list everyone sees). Drafts are pruned per analyst
-- (drafts-delete).
DELETE FROM signal_runs r
WHERE r.status <> 'running' AND r.visibility = 'published'
  AND r.id NOT IN (SELECT s.id FROM signal_runs s WHERE s.visibility = 'published' ORDER BY s.id DESC LIMIT :keep)
  AND r.id IS DISTINCT FROM (SELECT max(c.id) FROM signal_runs c WHERE c.visibility = 'published' AND c.status = 'completed')

-- Keeps the newest :keep published runs of each purpose, every running run and, whatever
-- happened since, the latest completed published full run (the list everyone sees). Drafts are
-- pruned per analyst (drafts-delete).
DELETE FROM signal_runs r
WHERE r.status <> 'running' AND r.visibility = 'published'
  AND r.id NOT IN (SELECT s.id FROM signal_runs s WHERE s.purpose = r.purpose AND s.visibility = 'published' ORDER BY s.id DESC LIMIT :keep)
  AND r.id IS DISTINCT FROM (SELECT max(c.id) FROM signal_runs c WHERE c.purpose = 'signals' AND c.visibility = 'published' AND c.status = 'completed')

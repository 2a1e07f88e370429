-- What "new" and "ongoing" compare with: the latest completed *published* run with the same
-- parameters (canonical :key) before run :before. Drafts are never a reference: an analyst's
-- what-if run does not change what is "new" in the list everyone sees, and a draft's own statuses
-- read against the published list.
SELECT id
FROM signal_runs
WHERE purpose = 'signals' AND status = 'completed' AND visibility = 'published'
  AND emerging_key = :key AND id < :before
ORDER BY id DESC
LIMIT 1

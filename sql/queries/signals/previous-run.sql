-- The latest completed run before :runId with the same parameters (canonical key): the run a
-- signal's status (new / ongoing) compares with.
SELECT id FROM signal_runs
WHERE purpose = 'signals' AND status = 'completed' AND emerging_key = :key AND id < :runId
ORDER BY id DESC
LIMIT 1

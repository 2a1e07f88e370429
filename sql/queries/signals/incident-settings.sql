-- Settings for the transaction that reads a run's incident counts (signals/incident-counts.sql):
-- it groups every report (a million: ~1 s) by square, which spilled to disk at the default
-- work_mem; its expressions run once, so compiling them (jit) costs more than it saves.
SET LOCAL work_mem = '256MB';
SET LOCAL jit = off

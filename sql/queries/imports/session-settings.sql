-- Settings for the sessions of an import, a rollback or a rollup rebuild; for their transaction only.
-- work_mem: a chunk, and the rollup deltas of a million reports, are sorted and grouped in memory
--   instead of on disk.
-- enable_mergejoin: the joins are between a chunk and small or hashed tables; a merge join would
--   sort the chunk each time.
-- jit: every statement here runs once (per chunk); compiling its expressions costs more than it
--   saves (about 0.8 s of 9 s for the rollups of a million reports).
SET LOCAL work_mem = '256MB';
SET LOCAL enable_mergejoin = off;
SET LOCAL jit = off;

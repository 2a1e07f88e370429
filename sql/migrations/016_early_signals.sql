-- Early signals on the place's own history (issue #13, docs/methods.md §9, docs/signals.md).
-- A run now stores lead signals (new, rising, sudden) and map classes (persistent, falling) per
-- buurt × category, each with the figures it may publish (perturbed counts, expected counts derived
-- from published ones, the q-value, the weekly series) in `details`; no raw counts. The emerging hot
-- spot results (space-time Gi* per cell) are no longer computed. Runs of the old engine are removed:
-- their signals have another shape and the next scheduled run replaces them.
DELETE FROM signal_runs;
DROP TABLE emerging_results;
ALTER TABLE signals DROP CONSTRAINT signals_kind_check;
ALTER TABLE signals ADD CONSTRAINT signals_kind_check CHECK (kind IN ('lead', 'map'));
ALTER TABLE signals ADD COLUMN q double precision;
COMMENT ON COLUMN signals.counts IS 'unused since migration 016 (always {}): published figures are in details';

-- The published signal list versus analysts' what-if runs (issue #13 item 7). The list everyone
-- sees is the latest completed *published* run: scheduled (after every report import, nightly,
-- after a change of the defaults) with the administrator's default parameters. A run an analyst
-- starts with other parameters is a *draft*: visible to that analyst only, one per analyst (a new
-- draft replaces the previous one), discarded on request. Runs from before this migration were
-- what everyone saw: published.
ALTER TABLE signal_runs
  ADD COLUMN visibility text NOT NULL DEFAULT 'published' CHECK (visibility IN ('published', 'draft')),
  -- Why the run was made: import, nightly, defaults, admin, start, cli, analyst, map, … (free text
  -- for the dashboard and the audit trail).
  ADD COLUMN trigger text NOT NULL DEFAULT 'manual';
CREATE INDEX signal_runs_drafts_idx ON signal_runs (created_by, id DESC) WHERE visibility = 'draft';

-- The administrator's default run parameters (one row; absent: the engine's built-in defaults).
CREATE TABLE signal_defaults (
  id          boolean PRIMARY KEY DEFAULT true CHECK (id),
  parameters  jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text NOT NULL
);

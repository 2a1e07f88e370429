-- Early-signal engine: stored runs, their signals and the per-location emerging hot spot results.
-- A run is recomputed after each import; readers use the latest completed run whose parameters
-- and data version match. Locations are cell ids (GMxxxx:size:i:j) or CBS area codes, never points.

CREATE TABLE signal_runs (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- 'signals': a full run (emerging + alerts + clusters); 'emerging': an on-demand emerging hot
  -- spot analysis for /api/emerging with settings no full run used (no signals of its own).
  purpose         text NOT NULL DEFAULT 'signals' CHECK (purpose IN ('signals', 'emerging')),
  status          text NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
  started_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  -- Every setting that shaped the results, defaults filled in.
  parameters      jsonb NOT NULL,
  -- Canonical text of the settings that decide the emerging results (matching key for reuse).
  emerging_key    text NOT NULL,
  -- Data version: the last import batch and a checksum of the daily rollup.
  data_batch_id   bigint,
  rollup_checksum text NOT NULL,
  data_end        date,
  -- The cube: first day of its first step and last day of its last (complete) step.
  cube_from       date,
  cube_to         date,
  steps           integer,
  gemeenten       text[] NOT NULL DEFAULT '{}',
  timings         jsonb,
  error           text,
  created_by      text NOT NULL DEFAULT 'system'
);
CREATE INDEX signal_runs_latest_idx ON signal_runs (purpose, status, id DESC);

CREATE TABLE signals (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id          bigint NOT NULL REFERENCES signal_runs (id) ON DELETE CASCADE,
  gemeente_code   text NOT NULL,
  kind            text NOT NULL CHECK (kind IN ('emerging', 'alert', 'cluster')),
  -- NULL: all categories together.
  category        text REFERENCES categories (code),
  -- Emerging class (new_hot, …), alert test (ears_c2, ears_c3, same_period) or 'space_time_cluster'.
  class_code      text NOT NULL,
  location_type   text NOT NULL CHECK (location_type IN ('cell', 'buurt')),
  locations       text[] NOT NULL,
  -- [west, south, east, north] in WGS84 of the locations' polygons, for the map to fly to.
  bbox            double precision[] NOT NULL,
  confidence      double precision,
  -- First day of the signal's first step and last day of its last step.
  first_day       date NOT NULL,
  last_day        date NOT NULL,
  -- Raw counts: published only through the disclosure module.
  counts          jsonb NOT NULL,
  trend_tau       double precision,
  trend_z         double precision,
  trend_p         double precision,
  score           double precision NOT NULL,
  rank            integer NOT NULL,
  -- 'new': not in the previous comparable run; 'ongoing': it was (same kind, category, class,
  -- overlapping locations).
  status          text NOT NULL CHECK (status IN ('new', 'ongoing')),
  explanation_nl  text NOT NULL,
  explanation_en  text NOT NULL,
  details         jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX signals_run_idx ON signals (run_id, rank);

CREATE TABLE emerging_results (
  run_id          bigint NOT NULL REFERENCES signal_runs (id) ON DELETE CASCADE,
  gemeente_code   text NOT NULL,
  category        text,
  location        text NOT NULL,
  cell_i          integer,
  cell_j          integer,
  class_code      text NOT NULL,
  no_pattern_reason text,
  hot_steps       integer NOT NULL,
  cold_steps      integer NOT NULL,
  first_hot       date,
  last_hot        date,
  first_cold      date,
  last_cold       date,
  final_run       integer NOT NULL,
  trend_direction text NOT NULL,
  trend_tau       double precision NOT NULL,
  trend_z         double precision NOT NULL,
  trend_p         double precision NOT NULL,
  last_z          double precision NOT NULL,
  last_p          double precision NOT NULL,
  total_count     integer NOT NULL
);
CREATE INDEX emerging_results_run_idx ON emerging_results (run_id, gemeente_code, category);

-- Work tables for changing the rollups by one batch of reports (or all of them): the batch's
-- counts per rollup key, computed once (daily-delta.sql, cell-delta.sql) and then added
-- (add-deltas.sql) or subtracted (subtract-deltas.sql). Separate statements over plain tables cost
-- less than one statement whose CTEs keep a million reports in a tuplestore and read it four
-- times. They live until the transaction ends and are emptied for each use.
CREATE TEMP TABLE IF NOT EXISTS rollup_daily_delta (
  day           date NOT NULL,
  buurt_code    text COLLATE "C" NOT NULL,
  wijk_code     text COLLATE "C" NOT NULL,
  gemeente_code text COLLATE "C" NOT NULL,
  category      text COLLATE "C" NOT NULL,
  source        text COLLATE "C" NOT NULL,
  n             integer NOT NULL,
  key_sum       bigint NOT NULL
) ON COMMIT DROP;
CREATE TEMP TABLE IF NOT EXISTS rollup_cell_delta (
  size          integer NOT NULL,
  i             integer NOT NULL,
  j             integer NOT NULL,
  gemeente_code text COLLATE "C" NOT NULL,
  month         date NOT NULL,
  category      text COLLATE "C" NOT NULL,
  source        text COLLATE "C" NOT NULL,
  n             integer NOT NULL,
  key_sum       bigint NOT NULL
) ON COMMIT DROP;
TRUNCATE rollup_daily_delta, rollup_cell_delta;

-- Work tables for storing an import's located rows; they live only inside the import transaction.

-- The chunk's rows with their buurt, wijk, gemeente and hexagon cells, ready to be stored.
CREATE TEMP TABLE import_located (
  line          integer NOT NULL,
  external_id   text COLLATE "C" NOT NULL,
  day           date NOT NULL,
  code          text COLLATE "C" NOT NULL,
  code2         text COLLATE "C" NOT NULL,
  sx            double precision NOT NULL,
  sy            double precision NOT NULL,
  buurt_code    text NOT NULL,
  wijk_code     text NOT NULL,
  gemeente_code text NOT NULL,
  hex250_i integer NOT NULL, hex250_j integer NOT NULL,
  hex500_i integer NOT NULL, hex500_j integer NOT NULL,
  hex1000_i integer NOT NULL, hex1000_j integer NOT NULL,
  -- The report's secret record key (migration 008), drawn as the located row arrives (the
  -- columns above are filled by position or by name; this one by its default).
  record_key    bigint NOT NULL DEFAULT random_record_key()
) ON COMMIT DROP;

-- Every stored chunk's ids, for the duplicate check (duplicates.sql); kept across chunks.
CREATE TEMP TABLE import_keys (
  line        integer NOT NULL,
  external_id text COLLATE "C" NOT NULL,
  code2       text COLLATE "C" NOT NULL
) ON COMMIT DROP;

-- The rollup counts of each stored chunk of reports (chunk-daily-counts.sql,
-- chunk-cell-counts.sql), summed per key at the end (merge-daily-counts.sql, merge-cell-counts.sql)
-- when every chunk was stored whole. Shaped as the rollup deltas (rollups/create-deltas.sql, run
-- first). Counting each chunk while the next one is being located keeps that work off the
-- end of the import, where nothing else runs beside it.
CREATE TEMP TABLE import_daily_counts (LIKE rollup_daily_delta) ON COMMIT DROP;
CREATE TEMP TABLE import_cell_counts (LIKE rollup_cell_delta) ON COMMIT DROP;

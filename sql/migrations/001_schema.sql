-- Signaalkaart schema, first version. Runs unchanged on PostgreSQL 15 + PostGIS 3 and on PGlite
-- (PostgreSQL 18 + PostGIS 3.6). Reports never carry free text or reporter data: there is no
-- column to put it in.

CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE categories (
  code           text PRIMARY KEY,
  label_nl       text NOT NULL,
  label_en       text NOT NULL,
  description_nl text NOT NULL,
  description_en text NOT NULL,
  -- Sensitive categories get a stricter disclosure threshold (methods.md §8).
  sensitive      boolean NOT NULL DEFAULT false,
  sort_order     integer NOT NULL,
  colour         text NOT NULL
);

CREATE TABLE sources (
  code           text PRIMARY KEY,
  label_nl       text NOT NULL,
  label_en       text NOT NULL,
  description_nl text NOT NULL,
  description_en text NOT NULL,
  sort_order     integer NOT NULL
);

CREATE TABLE areas (
  code          text PRIMARY KEY,
  level         text NOT NULL CHECK (level IN ('gemeente', 'wijk', 'buurt')),
  name          text NOT NULL,
  parent_code   text REFERENCES areas (code),
  gemeente_code text NOT NULL,
  inhabitants   integer CHECK (inhabitants >= 0),
  -- true when `inhabitants` is a demo estimate rather than a CBS figure; shown as such.
  inhabitants_estimated boolean NOT NULL DEFAULT false,
  inhabitants_source    text,
  -- Generalised CBS boundaries; NULL where the generalisation lost the polygon (BU01411801).
  geom          geometry(MultiPolygon, 4326),
  geom_rd       geometry(MultiPolygon, 28992),
  area_km2      double precision,
  vintage       integer NOT NULL DEFAULT 2022,
  CHECK (level = 'gemeente' OR parent_code IS NOT NULL)
);
CREATE INDEX areas_level_idx ON areas (level, gemeente_code);
CREATE INDEX areas_parent_idx ON areas (parent_code);
CREATE INDEX areas_geom_idx ON areas USING gist (geom);
CREATE INDEX areas_geom_rd_idx ON areas USING gist (geom_rd);

-- Buurt polygons cut into small pieces (ST_Subdivide): point-in-polygon against a few dozen
-- vertices instead of hundreds, so assigning a million imported points stays fast.
CREATE TABLE buurt_pieces (
  buurt_code    text NOT NULL REFERENCES areas (code) ON DELETE CASCADE,
  wijk_code     text NOT NULL,
  gemeente_code text NOT NULL,
  geom_rd       geometry(Polygon, 28992) NOT NULL
);
CREATE INDEX buurt_pieces_geom_rd_idx ON buurt_pieces USING gist (geom_rd);

-- Hexagon cells (flat-topped, ST_HexagonGrid in RD New, anchored at the RD origin so (i, j) is
-- stable), clipped to each municipality. Built when areas are loaded.
CREATE TABLE grid_cells (
  size          integer NOT NULL CHECK (size IN (250, 500, 1000)),
  i             integer NOT NULL,
  j             integer NOT NULL,
  gemeente_code text NOT NULL REFERENCES areas (code) ON DELETE CASCADE,
  geom          geometry(MultiPolygon, 4326) NOT NULL,
  geom_rd       geometry(MultiPolygon, 28992) NOT NULL,
  area_km2      double precision NOT NULL,
  PRIMARY KEY (size, gemeente_code, i, j)
);
CREATE INDEX grid_cells_geom_rd_idx ON grid_cells USING gist (geom_rd);

CREATE TABLE import_batches (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('reports', 'inspections', 'areas', 'population')),
  file_name     text,
  content_hash  text NOT NULL,
  rows_total    integer NOT NULL DEFAULT 0,
  rows_inserted integer NOT NULL DEFAULT 0,
  rows_present  integer NOT NULL DEFAULT 0,
  dropped_columns text[] NOT NULL DEFAULT '{}',
  snap_metres   integer,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text NOT NULL DEFAULT 'system'
);

-- Reports and inspections are written only by the import, which checks every code; they carry
-- no foreign keys because per-row FK triggers would dominate the cost of a million-row import.
CREATE TABLE reports (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source        text NOT NULL,
  external_id   text NOT NULL,
  received_on   date NOT NULL,
  category      text NOT NULL,
  -- Coarsened at import (snapped to a grid in RD New), never the reported address.
  geom          geometry(Point, 4326) NOT NULL,
  geom_rd       geometry(Point, 28992) NOT NULL,
  buurt_code    text NOT NULL,
  wijk_code     text NOT NULL,
  gemeente_code text NOT NULL,
  batch_id      bigint NOT NULL,
  UNIQUE (source, external_id)
);
CREATE INDEX reports_received_idx ON reports (received_on);
CREATE INDEX reports_batch_idx ON reports (batch_id);

CREATE TABLE inspections (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id   text NOT NULL UNIQUE,
  inspected_on  date NOT NULL,
  kind          text NOT NULL,
  outcome       text NOT NULL CHECK (outcome IN ('overtreding', 'geen_overtreding', 'onbekend')),
  geom          geometry(Point, 4326) NOT NULL,
  geom_rd       geometry(Point, 28992) NOT NULL,
  buurt_code    text NOT NULL,
  wijk_code     text NOT NULL,
  gemeente_code text NOT NULL,
  batch_id      bigint NOT NULL
);
CREATE INDEX inspections_buurt_idx ON inspections (buurt_code, inspected_on);
CREATE INDEX inspections_batch_idx ON inspections (batch_id);

-- Daily rollup: the fast path for every statistic (day × buurt × category × source).
CREATE TABLE report_counts_daily (
  day           date NOT NULL,
  buurt_code    text NOT NULL,
  wijk_code     text NOT NULL,
  gemeente_code text NOT NULL,
  category      text NOT NULL,
  source        text NOT NULL,
  n             integer NOT NULL CHECK (n > 0),
  PRIMARY KEY (day, buurt_code, category, source)
);
CREATE INDEX report_counts_daily_gemeente_idx ON report_counts_daily (gemeente_code, day);

-- Rollup by hexagon cell per size (cells of the report's municipality).
CREATE TABLE report_counts_cell (
  size          integer NOT NULL,
  i             integer NOT NULL,
  j             integer NOT NULL,
  gemeente_code text NOT NULL,
  day           date NOT NULL,
  category      text NOT NULL,
  source        text NOT NULL,
  n             integer NOT NULL CHECK (n > 0),
  PRIMARY KEY (size, gemeente_code, day, i, j, category, source)
);

-- Monthly rollups: the same counts by calendar month. A period is answered from whole months
-- plus the days at its edges (period_parts), so a year of statistics reads ~12 rows per series
-- instead of ~365.
CREATE TABLE report_counts_monthly (
  month         date NOT NULL,
  buurt_code    text NOT NULL,
  wijk_code     text NOT NULL,
  gemeente_code text NOT NULL,
  category      text NOT NULL,
  source        text NOT NULL,
  n             integer NOT NULL CHECK (n > 0),
  PRIMARY KEY (month, buurt_code, category, source)
);
CREATE INDEX report_counts_monthly_gemeente_idx ON report_counts_monthly (gemeente_code, month);

CREATE TABLE report_counts_cell_monthly (
  size          integer NOT NULL,
  i             integer NOT NULL,
  j             integer NOT NULL,
  gemeente_code text NOT NULL,
  month         date NOT NULL,
  category      text NOT NULL,
  source        text NOT NULL,
  n             integer NOT NULL CHECK (n > 0),
  PRIMARY KEY (size, gemeente_code, month, i, j, category, source)
);

-- Splits the days [f, t] into whole calendar months [lo, hi] (monthly = true, lo/hi are month
-- starts) and the days before and after them (monthly = false). Empty parts are left out.
CREATE FUNCTION period_parts(f date, t date)
RETURNS TABLE (monthly boolean, lo date, hi date) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH b AS (
    SELECT (date_trunc('month', f - 1) + interval '1 month')::date AS m1, date_trunc('month', t + 1)::date AS m2
  )
  SELECT true, m1, (m2 - interval '1 month')::date FROM b WHERE m1 < m2
  UNION ALL SELECT false, f, LEAST(t, m1 - 1) FROM b WHERE m1 < m2 AND f < m1
  UNION ALL SELECT false, m2, t FROM b WHERE m1 < m2 AND m2 <= t
  UNION ALL SELECT false, f, t FROM b WHERE m1 >= m2
$$;

-- The (i, j) of the ST_HexagonGrid cell of `size` that contains (x, y) in RD New. PostGIS
-- anchors the grid at the origin: the centre of (i, j) is (1.5·size·i, √3·size·(j + ½·[i odd])).
-- The containing cell is the one with the nearest centre, and only columns i0 = ⌊x / 1.5·size⌋ and
-- i0 + 1 can hold it. Written as small SQL functions without FROM and with float literals so the
-- planner inlines them into plain arithmetic (~1.5 µs a point instead of ~25 µs).
CREATE FUNCTION hex_row(y double precision, size double precision, c integer)
RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT round(y / (sqrt(3.0::double precision) * size) - 0.5::double precision * (c & 1))::integer $$;

CREATE FUNCTION hex_distance2(x double precision, y double precision, size double precision, c integer)
RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT (x - 1.5::double precision * size * c) ^ 2::double precision
        + (y - sqrt(3.0::double precision) * size * (hex_row(y, size, c) + 0.5::double precision * (c & 1))) ^ 2::double precision $$;

CREATE FUNCTION hex_pick(x double precision, y double precision, size double precision, c integer)
RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE WHEN hex_distance2(x, y, size, c) <= hex_distance2(x, y, size, c + 1)
               THEN ARRAY[c, hex_row(y, size, c)] ELSE ARRAY[c + 1, hex_row(y, size, c + 1)] END $$;

CREATE FUNCTION hex_cell(x double precision, y double precision, size double precision)
RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT hex_pick(x, y, size, floor(x / (1.5::double precision * size))::integer) $$;

CREATE TABLE app_settings (
  key   text PRIMARY KEY,
  value text NOT NULL
);

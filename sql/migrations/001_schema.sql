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

CREATE TABLE reports (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source        text NOT NULL REFERENCES sources (code),
  external_id   text NOT NULL,
  received_on   date NOT NULL,
  category      text NOT NULL REFERENCES categories (code),
  -- Coarsened at import (snapped to a grid in RD New), never the reported address.
  geom          geometry(Point, 4326) NOT NULL,
  geom_rd       geometry(Point, 28992) NOT NULL,
  buurt_code    text NOT NULL REFERENCES areas (code),
  wijk_code     text NOT NULL REFERENCES areas (code),
  gemeente_code text NOT NULL REFERENCES areas (code),
  batch_id      bigint NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE,
  UNIQUE (source, external_id)
);
CREATE INDEX reports_received_idx ON reports (received_on);
CREATE INDEX reports_batch_idx ON reports (batch_id);
CREATE INDEX reports_geom_rd_idx ON reports USING gist (geom_rd);

CREATE TABLE inspections (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id   text NOT NULL UNIQUE,
  inspected_on  date NOT NULL,
  kind          text NOT NULL,
  outcome       text NOT NULL CHECK (outcome IN ('overtreding', 'geen_overtreding', 'onbekend')),
  geom          geometry(Point, 4326) NOT NULL,
  geom_rd       geometry(Point, 28992) NOT NULL,
  buurt_code    text NOT NULL REFERENCES areas (code),
  wijk_code     text NOT NULL REFERENCES areas (code),
  gemeente_code text NOT NULL REFERENCES areas (code),
  batch_id      bigint NOT NULL REFERENCES import_batches (id) ON DELETE CASCADE
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

-- The (i, j) of the ST_HexagonGrid cell of `size` that contains (x, y) in RD New. PostGIS
-- anchors the grid at the origin: centre of (i, j) is (1.5·size·i, √3·size·(j + ½·[i odd])).
-- The containing cell is the one with the nearest centre; only two columns can hold it.
CREATE FUNCTION hex_cell(x double precision, y double precision, size double precision)
RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN (x - 1.5 * size * c0) ^ 2 + (y - h * (j0 + 0.5 * (c0 & 1))) ^ 2
                <= (x - 1.5 * size * c1) ^ 2 + (y - h * (j1 + 0.5 * (c1 & 1))) ^ 2
              THEN ARRAY[c0, j0] ELSE ARRAY[c1, j1] END
  FROM (SELECT c0, c1, h,
               round(y / h - 0.5 * (c0 & 1))::integer AS j0,
               round(y / h - 0.5 * (c1 & 1))::integer AS j1
        FROM (SELECT floor(x / (1.5 * size))::integer AS c0,
                     floor(x / (1.5 * size))::integer + 1 AS c1,
                     sqrt(3.0) * size AS h) a) b
$$;

CREATE TABLE app_settings (
  key   text PRIMARY KEY,
  value text NOT NULL
);

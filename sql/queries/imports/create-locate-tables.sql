-- Work tables for locating an import's rows (locate-points, locate-squares, locate-edges and the
-- view of located.sql). They live only inside the locating session's transaction — the import's
-- own, or a second session's beside it (server/services/imports/locate.ts). All but import_squares
-- are emptied for every chunk of rows (clear-chunk.sql).

-- Validated rows as given.
CREATE TEMP TABLE import_staging (
  line        integer NOT NULL,
  external_id text COLLATE "C" NOT NULL,
  day         date NOT NULL,
  code        text COLLATE "C" NOT NULL,
  code2       text COLLATE "C" NOT NULL,
  lon         double precision,
  lat         double precision,
  x           double precision,
  y           double precision
) ON COMMIT DROP;

-- The same rows as points in RD New: as given (px, py; assignment uses them) and snapped (sx, sy;
-- the only location that is stored). Plain numbers, not geometries: most rows never need their
-- point again (import_squares).
CREATE TEMP TABLE import_points (
  line        integer NOT NULL,
  external_id text COLLATE "C" NOT NULL,
  day         date NOT NULL,
  code        text COLLATE "C" NOT NULL,
  code2       text COLLATE "C" NOT NULL,
  px          double precision NOT NULL,
  py          double precision NOT NULL,
  sx          double precision NOT NULL,
  sy          double precision NOT NULL
) ON COMMIT DROP;

-- One row per snapped location of the file so far: its hexagon cells, and its buurt (with wijk
-- and gemeente) when that is the same for every point that snaps there (locate-squares.sql).
-- Kept across chunks, so each location is classified once per file.
CREATE TEMP TABLE import_squares (
  sx            double precision NOT NULL,
  sy            double precision NOT NULL,
  buurt_code    text,
  wijk_code     text,
  gemeente_code text,
  hex250_i integer NOT NULL, hex250_j integer NOT NULL,
  hex500_i integer NOT NULL, hex500_j integer NOT NULL,
  hex1000_i integer NOT NULL, hex1000_j integer NOT NULL
) ON COMMIT DROP;

-- The buurt of each point whose square has none (NULL: outside the loaded areas).
CREATE TEMP TABLE import_edge_points (
  line        integer NOT NULL,
  buurt_code  text
) ON COMMIT DROP;

-- Validated rows of the file being imported; lives only inside the import transaction.
CREATE TEMP TABLE import_staging (
  line        integer NOT NULL,
  external_id text NOT NULL,
  day         date NOT NULL,
  code        text NOT NULL,
  code2       text NOT NULL,
  lon         double precision,
  lat         double precision,
  x           double precision,
  y           double precision
) ON COMMIT DROP

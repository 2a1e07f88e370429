-- iso_month (migration 008) truncated a date through timestamp WITH time zone: the date was cast
-- to the session's time zone and back. The result was right, but the cast and the numeric
-- extract cost ~3 µs a call, and the import calls it three times per report (one per hexagon
-- size; about a quarter of PostgreSQL's CPU for a million reports). The same arithmetic on a
-- timestamp without time zone and a double-precision day of the week gives the same month for
-- every date (checked for 1900–2200: tests/db/iso-month.test.ts) at ~1/6 of the cost, and no
-- longer depends on the session's time zone.
CREATE OR REPLACE FUNCTION iso_month(d date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT date_trunc('month', (d - date_part('isodow', d)::integer + 4)::timestamp)::date $$;

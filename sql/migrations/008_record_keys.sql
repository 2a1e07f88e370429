-- Disclosure control with the cell-key method (issue #16, docs/disclosure.md, methods.md §8).
--
-- 1. Every report gets a secret record key, a uniform integer in [0, 2^32), drawn once when it is
--    stored and never published. A published count is the true count plus noise that a p-table
--    gives for the count and the cell key = (Σ record keys of exactly the counted reports mod 2^32)
--    / 2^32. The same set of reports always has the same cell key, so every request, export and
--    briefing shows the same number for it; different sets get independent noise.
--    The key comes from PostgreSQL's random() (pg_prng, xoshiro256**, seeded for every session
--    from pg_strong_random): nobody outside the import session sees its output, and it costs
--    ~0.15 µs a row, where gen_random_uuid() cost ~1.6 µs (a tenth of the import's time budget).
--
-- 2. The rollups carry Σ record keys mod 2^32 (`key_sum`) beside every count, so a cell key costs
--    nothing at query time: key sums add like counts (mod 2^32).
--
-- 3. Published periods are whole ISO weeks, and every period longer than a week is a run of whole
--    ISO-week months: a week belongs to the month (and the ISO year) of its Thursday, so a month is
--    4 or 5 whole weeks, a quarter 13 or 14, a year 52 or 53 (docs/disclosure.md says why). The
--    monthly rollups are therefore keyed by that month: `iso_month(day)` is the first day of the
--    calendar month that holds the Thursday of the day's ISO week.

CREATE FUNCTION random_record_key() RETURNS bigint LANGUAGE sql VOLATILE AS
$$ SELECT floor(random() * 4294967296.0)::bigint $$;

CREATE FUNCTION iso_month(d date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT date_trunc('month', d - extract(isodow FROM d)::integer + 4)::date $$;

-- The Monday that starts ISO-week month `m` (a first day of a month): the Monday of the week that
-- holds the month's first Thursday.
CREATE FUNCTION iso_month_start(m date) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT m + (11 - extract(isodow FROM m)::integer) % 7 - 3 $$;

ALTER TABLE reports ADD COLUMN record_key bigint;
UPDATE reports SET record_key = random_record_key();
ALTER TABLE reports ALTER COLUMN record_key SET NOT NULL,
  ADD CONSTRAINT reports_record_key_range CHECK (record_key >= 0 AND record_key < 4294967296);

ALTER TABLE report_counts_daily ADD COLUMN key_sum bigint NOT NULL DEFAULT 0;
ALTER TABLE report_counts_monthly ADD COLUMN key_sum bigint NOT NULL DEFAULT 0;
ALTER TABLE report_counts_cell_monthly ADD COLUMN key_sum bigint NOT NULL DEFAULT 0;

-- Rebuild the rollups with key sums and ISO-week months (as rollups/daily-delta.sql,
-- cell-delta.sql and add-deltas.sql would from the reports).
DELETE FROM report_counts_daily;
DELETE FROM report_counts_monthly;
DELETE FROM report_counts_cell_monthly;
INSERT INTO report_counts_daily (day, buurt_code, wijk_code, gemeente_code, category, source, n, key_sum)
SELECT received_on, buurt_code, wijk_code, gemeente_code, category, source, count(*)::integer, (sum(record_key) % 4294967296)::bigint
FROM reports GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO report_counts_monthly (month, buurt_code, wijk_code, gemeente_code, category, source, n, key_sum)
SELECT iso_month(day), buurt_code, wijk_code, gemeente_code, category, source, sum(n)::integer, (sum(key_sum) % 4294967296)::bigint
FROM report_counts_daily GROUP BY 1, 2, 3, 4, 5, 6;
INSERT INTO report_counts_cell_monthly (size, i, j, gemeente_code, month, category, source, n, key_sum)
SELECT size, i, j, gemeente_code, month, category, source, count(*)::integer, (sum(record_key) % 4294967296)::bigint
FROM (
  SELECT 250 AS size, hex250_i AS i, hex250_j AS j, gemeente_code, iso_month(received_on) AS month, category, source, record_key FROM reports
  UNION ALL
  SELECT 500, hex500_i, hex500_j, gemeente_code, iso_month(received_on), category, source, record_key FROM reports
  UNION ALL
  SELECT 1000, hex1000_i, hex1000_j, gemeente_code, iso_month(received_on), category, source, record_key FROM reports
) c
GROUP BY 1, 2, 3, 4, 5, 6, 7;

-- Splits the days [f, t] into whole ISO-week months [lo, hi] (monthly = true; lo/hi are the
-- months' first days, as iso_month gives them) and the days before and after them (monthly =
-- false). Empty parts are left out. Replaces the calendar-month version of migration 001.
CREATE OR REPLACE FUNCTION period_parts(f date, t date)
RETURNS TABLE (monthly boolean, lo date, hi date) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH m AS (
    SELECT CASE WHEN iso_month_start(iso_month(f)) >= f THEN iso_month(f) ELSE (iso_month(f) + interval '1 month')::date END AS m1,
           CASE WHEN iso_month_start((iso_month(t) + interval '1 month')::date) - 1 <= t THEN iso_month(t)
                ELSE (iso_month(t) - interval '1 month')::date END AS m2
  ),
  b AS (SELECT m1, m2, iso_month_start(m1) AS d1, iso_month_start((m2 + interval '1 month')::date) AS d2 FROM m)
  SELECT true, m1, m2 FROM b WHERE m1 <= m2
  UNION ALL SELECT false, f, d1 - 1 FROM b WHERE m1 <= m2 AND f < d1
  UNION ALL SELECT false, d2, t FROM b WHERE m1 <= m2 AND d2 <= t
  UNION ALL SELECT false, f, t FROM b WHERE m1 > m2
$$;

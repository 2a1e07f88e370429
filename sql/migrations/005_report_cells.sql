-- Import speed (issue #3) without losing any statistic.
--
-- Reports keep only the snapped point in RD New: the WGS84 copy was written for every report and
-- never read. Each report carries its hexagon cell for every grid size, computed once per snapped
-- location at import (a few tens of thousands of locations for a million reports), so rollups and
-- the signal engine never compute cells per report again.
--
-- The daily hexagon rollup (size × cell × day × category × source) goes. At that grain almost
-- every group holds one report: it had 1.6 rows per report and writing it was the largest single
-- cost of an import. Whole months come from the monthly hexagon rollup; the days at the edges of a
-- period, and the weekly steps of the signal engine, are counted from the reports' stored cells.
ALTER TABLE reports DROP COLUMN geom;
ALTER TABLE reports
  ADD COLUMN hex250_i integer, ADD COLUMN hex250_j integer,
  ADD COLUMN hex500_i integer, ADD COLUMN hex500_j integer,
  ADD COLUMN hex1000_i integer, ADD COLUMN hex1000_j integer;
UPDATE reports r
SET hex250_i = c.h250[1], hex250_j = c.h250[2], hex500_i = c.h500[1], hex500_j = c.h500[2],
    hex1000_i = c.h1000[1], hex1000_j = c.h1000[2]
FROM (SELECT id, hex_cell(ST_X(geom_rd), ST_Y(geom_rd), 250) AS h250, hex_cell(ST_X(geom_rd), ST_Y(geom_rd), 500) AS h500,
             hex_cell(ST_X(geom_rd), ST_Y(geom_rd), 1000) AS h1000 FROM reports) c
WHERE c.id = r.id;
ALTER TABLE reports
  ALTER COLUMN hex250_i SET NOT NULL, ALTER COLUMN hex250_j SET NOT NULL,
  ALTER COLUMN hex500_i SET NOT NULL, ALTER COLUMN hex500_j SET NOT NULL,
  ALTER COLUMN hex1000_i SET NOT NULL, ALTER COLUMN hex1000_j SET NOT NULL;

DROP TABLE report_counts_cell;

-- Codes and ids are ASCII keys, compared for equality and grouped, never sorted for people to
-- read. With the "C" collation their comparisons are byte comparisons instead of locale-aware
-- ones: the unique index on reports and the rollup keys are maintained about twice as fast. (A
-- "C" column compared with a default-collation column uses "C"; no query needs a cast.)
ALTER TABLE reports
  ALTER COLUMN source TYPE text COLLATE "C", ALTER COLUMN external_id TYPE text COLLATE "C",
  ALTER COLUMN category TYPE text COLLATE "C", ALTER COLUMN buurt_code TYPE text COLLATE "C",
  ALTER COLUMN wijk_code TYPE text COLLATE "C", ALTER COLUMN gemeente_code TYPE text COLLATE "C";
-- Ids first: an export's ids usually ascend, so new keys land at the right edge of the index,
-- where PostgreSQL appends without searching (with the source first, every source is its own
-- insertion point). The lookups name both columns, so either order serves them.
ALTER TABLE reports DROP CONSTRAINT reports_source_external_id_key;
ALTER TABLE reports ADD CONSTRAINT reports_external_id_source_key UNIQUE (external_id, source);
ALTER TABLE inspections ALTER COLUMN external_id TYPE text COLLATE "C";
ALTER TABLE report_counts_daily
  ALTER COLUMN buurt_code TYPE text COLLATE "C", ALTER COLUMN wijk_code TYPE text COLLATE "C",
  ALTER COLUMN gemeente_code TYPE text COLLATE "C", ALTER COLUMN category TYPE text COLLATE "C",
  ALTER COLUMN source TYPE text COLLATE "C";
ALTER TABLE report_counts_monthly
  ALTER COLUMN buurt_code TYPE text COLLATE "C", ALTER COLUMN wijk_code TYPE text COLLATE "C",
  ALTER COLUMN gemeente_code TYPE text COLLATE "C", ALTER COLUMN category TYPE text COLLATE "C",
  ALTER COLUMN source TYPE text COLLATE "C";
ALTER TABLE report_counts_cell_monthly
  ALTER COLUMN gemeente_code TYPE text COLLATE "C", ALTER COLUMN category TYPE text COLLATE "C",
  ALTER COLUMN source TYPE text COLLATE "C";


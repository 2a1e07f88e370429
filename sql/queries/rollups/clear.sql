-- Empties every rollup before a full rebuild (the deltas of every report).  Maintenance and tests only.
DELETE FROM report_counts_daily;
DELETE FROM report_counts_cell_monthly;
DELETE FROM incident_counts;

-- The statistics read their weeks and ISO-week months from the daily rollup, summed per week in
-- memory (server/services/rollup-store.ts); the monthly buurt rollup is read by nothing any more,
-- and every import paid for it. The monthly hexagon rollup stays (a cell's rows per week would be
-- as many as the reports).
DROP TABLE report_counts_monthly;

-- The monthly hexagon rollup of one size (:size) in ISO-week month order, for services/rollup-store.ts.
SELECT to_char(month, 'YYYY-MM') AS month, gemeente_code AS gemeente, i, j, category, source, n, key_sum AS key
FROM report_counts_cell_monthly
WHERE size = :size
ORDER BY month

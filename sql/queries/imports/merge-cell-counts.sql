-- The import's hexagon rollup delta: its chunks' counts summed per key (a month spans chunks).
INSERT INTO rollup_cell_delta (size, i, j, gemeente_code, month, category, source, n, key_sum)
SELECT size, i, j, gemeente_code, month, category, source, sum(n)::integer, (sum(key_sum) % 4294967296)::bigint
FROM import_cell_counts
GROUP BY 1, 2, 3, 4, 5, 6, 7

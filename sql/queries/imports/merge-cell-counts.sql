-- The import's hexagon rollup delta: its chunks' counts summed per key (a month spans chunks).
-- (The key sum is taken in bigint before the modulo: sums of keys below 2^32 stay far below 2^63,
-- and bigint arithmetic costs a fraction of numeric for a million rows.)
INSERT INTO rollup_cell_delta (size, i, j, gemeente_code, month, category, source, n, key_sum)
SELECT size, i, j, gemeente_code, month, category, source, sum(n)::integer, sum(key_sum)::bigint % 4294967296
FROM import_cell_counts
GROUP BY 1, 2, 3, 4, 5, 6, 7

-- The data version a run cites: the last import batch, the data extent, and an order-independent
-- checksum of the daily rollup (sum of a 64-bit hash per row), cheap on both engines.
SELECT (SELECT max(id) FROM import_batches) AS batch_id,
       (SELECT max(id) FROM import_batches WHERE kind = 'areas') AS areas_batch_id,
       r.first_day::text AS first_day,
       r.last_day::text AS last_day,
       r.rows::integer AS rows,
       r.reports::bigint AS reports,
       r.checksum::text AS checksum
FROM (
  SELECT min(day) AS first_day, max(day) AS last_day, count(*) AS rows, COALESCE(sum(n), 0) AS reports,
         COALESCE(sum(hashtextextended(concat_ws('|', day, buurt_code, category, source, n), 0)::numeric), 0) AS checksum
  FROM report_counts_daily
) r

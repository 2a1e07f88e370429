-- $1 batch id (NULL = every report): the batch's reports per day × buurt × category × source.
INSERT INTO rollup_daily_delta (day, buurt_code, wijk_code, gemeente_code, category, source, n)
SELECT received_on, buurt_code, wijk_code, gemeente_code, category, source, count(*)::integer
FROM reports
WHERE $1::bigint IS NULL OR batch_id = $1::bigint
GROUP BY 1, 2, 3, 4, 5, 6

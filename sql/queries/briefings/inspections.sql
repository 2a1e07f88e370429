-- Inspections in area :code (any level) from :from to :to, per outcome (every outcome, with zeros), with
-- the sum of their record keys mod 2^32 (migration 012) for the publication layer.
SELECT o.outcome, count(i.id)::integer AS n, (COALESCE(sum(i.record_key), 0) % 4294967296)::bigint AS key_sum
FROM (VALUES (1, 'overtreding'), (2, 'geen_overtreding'), (3, 'onbekend')) AS o (sort, outcome)
LEFT JOIN inspections i
  ON i.outcome = o.outcome AND :code::text IN (i.buurt_code, i.wijk_code, i.gemeente_code)
 AND i.inspected_on BETWEEN :from::date AND :to::date
GROUP BY o.sort, o.outcome
ORDER BY o.sort

-- Loaded municipalities with at least one report between :from and :to.
SELECT a.code
FROM areas a
WHERE a.level = 'gemeente'
  AND EXISTS (SELECT 1 FROM report_counts_daily d WHERE d.gemeente_code = a.code AND d.day BETWEEN :from::date AND :to::date)
ORDER BY a.code

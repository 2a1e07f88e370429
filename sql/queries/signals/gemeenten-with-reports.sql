-- Loaded municipalities that have at least one report in [$1, $2] (the cube's period).
SELECT a.code
FROM areas a
WHERE a.level = 'gemeente'
  AND EXISTS (SELECT 1 FROM report_counts_daily d WHERE d.gemeente_code = a.code AND d.day BETWEEN $1::date AND $2::date)
ORDER BY a.code

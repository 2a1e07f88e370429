-- Every loaded municipality with its box and its data extent: the first and last day with reports
-- in the daily rollup (NULL when none are loaded, so the dashboard can say "geen gegevens" instead
-- of painting it 0). min/max per municipality read the (gemeente_code, day) index from its ends.
SELECT code, name, inhabitants, inhabitants_estimated AS "inhabitantsEstimated",
       CASE WHEN geom IS NULL THEN NULL ELSE
         json_build_array(round(ST_XMin(geom)::numeric, 5), round(ST_YMin(geom)::numeric, 5),
                          round(ST_XMax(geom)::numeric, 5), round(ST_YMax(geom)::numeric, 5)) END AS bbox,
       (SELECT min(day) FROM report_counts_daily d WHERE d.gemeente_code = a.code)::text AS "dataFrom",
       (SELECT max(day) FROM report_counts_daily d WHERE d.gemeente_code = a.code)::text AS "dataTo"
FROM areas a WHERE level = 'gemeente' ORDER BY code

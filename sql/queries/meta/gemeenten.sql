SELECT code, name, inhabitants, inhabitants_estimated AS "inhabitantsEstimated",
       CASE WHEN geom IS NULL THEN NULL ELSE
         json_build_array(round(ST_XMin(geom)::numeric, 5), round(ST_YMin(geom)::numeric, 5),
                          round(ST_XMax(geom)::numeric, 5), round(ST_YMax(geom)::numeric, 5)) END AS bbox
FROM areas WHERE level = 'gemeente' ORDER BY code

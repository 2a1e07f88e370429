-- :level the parents' level; :given codes given explicitly (left alone). Parents get the sum of their children
-- when every child has a figure; estimated when any child is.
UPDATE areas p SET inhabitants = s.total, inhabitants_estimated = s.estimated, inhabitants_source = s.source
FROM (
  SELECT parent_code, sum(inhabitants)::integer AS total, bool_or(inhabitants_estimated) AS estimated,
         'sum of ' || min(level) || ' figures' AS source
  FROM areas c WHERE c.level = CASE :level::text WHEN 'wijk' THEN 'buurt' ELSE 'wijk' END
  GROUP BY parent_code HAVING bool_and(inhabitants IS NOT NULL)
) s
WHERE p.code = s.parent_code AND p.level = :level AND NOT (p.code = ANY(:given::text[]))
RETURNING p.code

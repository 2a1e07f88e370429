-- The categories with labels and descriptions in both languages, in display order. sensitive
-- marks those published with the stricter disclosure threshold.
SELECT code, label_nl AS "labelNl", label_en AS "labelEn", description_nl AS "descriptionNl",
       description_en AS "descriptionEn", sensitive, colour
FROM categories ORDER BY sort_order

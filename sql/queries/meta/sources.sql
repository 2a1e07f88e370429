-- The report sources with labels and descriptions in both languages, in display order.
SELECT code, label_nl AS "labelNl", label_en AS "labelEn", description_nl AS "descriptionNl",
       description_en AS "descriptionEn"
FROM sources ORDER BY sort_order

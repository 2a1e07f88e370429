SELECT code, label_nl AS "labelNl", label_en AS "labelEn", description_nl AS "descriptionNl",
       description_en AS "descriptionEn", sensitive, colour
FROM categories ORDER BY sort_order

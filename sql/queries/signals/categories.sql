-- Category codes with their labels, in display order.
SELECT code, label_nl AS nl, label_en AS en FROM categories ORDER BY sort_order

-- The sensitive categories (methods.md §8): published with the stricter threshold, zeros alike.
SELECT code FROM categories WHERE sensitive ORDER BY sort_order

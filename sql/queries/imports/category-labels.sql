SELECT code, label_nl, label_en FROM categories

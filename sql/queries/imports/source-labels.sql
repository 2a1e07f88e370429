-- The source codes with both labels, so that an import file may name a source by its code or by
-- its Dutch or English label.
SELECT code, label_nl, label_en FROM sources

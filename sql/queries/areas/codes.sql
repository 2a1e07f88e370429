-- Every loaded area code, so an area import knows whether the parent of a wijk or buurt exists
-- before the child is stored.
SELECT code FROM areas

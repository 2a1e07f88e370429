-- The transaction of a locating session beside the import's (import locator on PostgreSQL): it
-- reads only committed data and is rolled back when the session is given back.
BEGIN

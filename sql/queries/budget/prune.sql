-- Forgets the request hashes of days before :day (the audit log keeps the daily totals).
DELETE FROM query_budget WHERE day < :day::date

-- Forgets the request hashes of days before $1 (the audit log keeps the daily totals).
DELETE FROM query_budget WHERE day < $1::date

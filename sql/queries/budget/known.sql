-- The request hashes a user has made on a day (to count distinct ones after a restart).
SELECT request FROM query_budget WHERE day = :day::date AND username = :username

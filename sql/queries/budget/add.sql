-- Records one distinct request of a user on a day; nothing when it was recorded already.
INSERT INTO query_budget (day, username, request) VALUES (:day::date, :username, :request) ON CONFLICT DO NOTHING

-- Records one distinct request of a user on a day; nothing when it was recorded already.
INSERT INTO query_budget (day, username, request) VALUES ($1::date, $2, $3) ON CONFLICT DO NOTHING

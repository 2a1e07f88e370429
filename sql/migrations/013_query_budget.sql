-- Query-volume control (issue #16, docs/disclosure.md): the distinct statistics requests (filter
-- combinations) of each user per day, so that an attacker's script of many requests is counted,
-- capped (QUERY_BUDGET_PER_DAY, then 429) and visible in the audit log. Only a hash of the
-- canonical request is kept, never the filters themselves.
CREATE TABLE query_budget (
  day       date NOT NULL,
  username  text NOT NULL,
  request   text NOT NULL,
  PRIMARY KEY (day, username, request)
);

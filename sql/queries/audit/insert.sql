-- Append-only (the table refuses updates and deletes).
INSERT INTO audit_log (actor, role, action, target, details, ip, outcome)
VALUES (:actor, :role, :action, :target, :details::jsonb, :ip, :outcome)

-- An administrator sets whether a role requires a second factor, recording who changed it and
-- when. One row per role, updated in place.
INSERT INTO role_security (role, require_totp, changed_by) VALUES (:role, :requireTotp, :changedBy)
ON CONFLICT (role) DO UPDATE SET require_totp = EXCLUDED.require_totp, changed_at = now(), changed_by = EXCLUDED.changed_by

-- The administrator's default run parameters (no row: the built-in defaults).
SELECT parameters, updated_at::text AS "updatedAt", updated_by AS "updatedBy" FROM signal_defaults WHERE id

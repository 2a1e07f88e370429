-- Stores the administrator's default run parameters (complete, validated).
INSERT INTO signal_defaults (id, parameters, updated_at, updated_by)
VALUES (true, :parameters::jsonb, now(), :updatedBy)
ON CONFLICT (id) DO UPDATE SET parameters = EXCLUDED.parameters, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
RETURNING parameters, updated_at::text AS "updatedAt", updated_by AS "updatedBy"

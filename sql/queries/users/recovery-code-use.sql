UPDATE recovery_codes SET used_at = now()
WHERE user_id = :userId AND code_hash = :codeHash AND used_at IS NULL
RETURNING (SELECT count(*)::integer - 1 FROM recovery_codes WHERE user_id = :userId AND used_at IS NULL) AS "left"

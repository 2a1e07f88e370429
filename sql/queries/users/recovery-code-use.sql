-- Spends one unused recovery code. No row back means a wrong or spent code. The subquery still
-- sees the code as unused, hence the minus one, so left is what remains after this one.
UPDATE recovery_codes SET used_at = now()
WHERE user_id = :userId AND code_hash = :codeHash AND used_at IS NULL
RETURNING (SELECT count(*)::integer - 1 FROM recovery_codes WHERE user_id = :userId AND used_at IS NULL) AS "left"

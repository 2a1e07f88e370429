WITH gone AS (DELETE FROM recovery_codes WHERE user_id = :userId)
INSERT INTO recovery_codes (user_id, code_hash) SELECT :userId, h FROM unnest(:codeHashes::text[]) AS h

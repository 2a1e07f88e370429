-- The new set of recovery codes (hashes only) replaces every earlier one, used or not. Runs in the
-- transaction that confirms TOTP enrolment.
WITH gone AS (DELETE FROM recovery_codes WHERE user_id = :userId)
INSERT INTO recovery_codes (user_id, code_hash) SELECT :userId, h FROM unnest(:codeHashes::text[]) AS h

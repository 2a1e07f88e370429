UPDATE sessions SET attempts = attempts + 1 WHERE token_hash = :tokenHash RETURNING attempts

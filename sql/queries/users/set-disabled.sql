UPDATE users SET disabled = :disabled WHERE username = :username RETURNING id

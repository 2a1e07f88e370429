SELECT 1 FROM users WHERE username = :username

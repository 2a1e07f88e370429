SELECT role, require_totp AS "requireTotp" FROM role_security

-- The roles for which an administrator has chosen whether a second factor is required. Roles
-- without a row fall back to REQUIRE_2FA.
SELECT role, require_totp AS "requireTotp" FROM role_security

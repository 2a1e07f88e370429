-- Hash joins again after probe-keys.sql.
SET LOCAL enable_hashjoin = on

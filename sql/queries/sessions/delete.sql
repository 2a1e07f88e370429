-- Ends one session, at logout or after too many wrong second-factor codes.
DELETE FROM sessions WHERE token_hash = :tokenHash

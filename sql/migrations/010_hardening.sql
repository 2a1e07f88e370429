-- Hardening (issue #14): import metadata is capped; accounts get second factors, forced
-- password changes and a lockout that outsiders cannot use against a user.

-- An import keeps the first 50 dropped column names and how many there were in all.
ALTER TABLE import_batches ADD COLUMN dropped_column_count integer NOT NULL DEFAULT 0;
UPDATE import_batches SET dropped_column_count = cardinality(dropped_columns),
  dropped_columns = (SELECT coalesce(array_agg(left(n, 64) ORDER BY i), '{}') FROM unnest(dropped_columns[1:50]) WITH ORDINALITY AS t(n, i));

-- Accounts. A password that someone else has seen (printed at first start, set by an
-- administrator) must be changed at the first login.
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
-- TOTP (RFC 6238) second factor: the base32 secret once confirmed, the one being enrolled, and
-- the last time step used (a code is accepted once).
ALTER TABLE users ADD COLUMN totp_secret text;
ALTER TABLE users ADD COLUMN totp_pending_secret text;
ALTER TABLE users ADD COLUMN totp_last_step bigint;
-- The per-account lockout is replaced by login_failures (per account name and source address):
-- a lock that anyone could set on anyone's account was a denial of service.
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;

-- One-time recovery codes for a lost authenticator (SHA-256 of 50 random bits each).
CREATE TABLE recovery_codes (
  user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at   timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

-- Which roles must use a second factor, as an administrator set it (absent: REQUIRE_2FA decides).
CREATE TABLE role_security (
  role         text PRIMARY KEY CHECK (role IN ('viewer', 'analyst', 'admin')),
  require_totp boolean NOT NULL,
  changed_at   timestamptz NOT NULL DEFAULT now(),
  changed_by   text NOT NULL
);

-- Failed logins per account name (as typed, whether or not it exists) and source address. Past
-- LOGIN_MAX_FAILURES the pair waits, doubling from a minute up to LOGIN_LOCKOUT_MINUTES; other
-- addresses are not affected, so an outsider cannot lock a user out.
CREATE TABLE login_failures (
  username      text NOT NULL,
  source        text NOT NULL,
  failures      integer NOT NULL,
  last_at       timestamptz NOT NULL DEFAULT now(),
  blocked_until timestamptz,
  PRIMARY KEY (username, source)
);
CREATE INDEX login_failures_last_idx ON login_failures (last_at);

-- A session is 'full', or half-way through a login: waiting for the TOTP code, for a new
-- password, or for TOTP enrolment. Only full sessions reach the API.
ALTER TABLE sessions ADD COLUMN stage text NOT NULL DEFAULT 'full' CHECK (stage IN ('full', 'totp', 'password', 'enrol'));
ALTER TABLE sessions ADD COLUMN attempts integer NOT NULL DEFAULT 0;

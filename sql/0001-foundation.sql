-- 0001 — families, guardians, children, login accounts, sessions and the
-- record of login attempts. Instants are timestamptz written by the library
-- from its own clock (never now()), so that tests and replays can set time.

CREATE TABLE family (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

-- A responsable légal. A guardian with an email can have a login account.
CREATE TABLE guardian (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    family_id   bigint NOT NULL REFERENCES family (id) ON DELETE CASCADE,
    first_name  text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name   text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    email       text CHECK (email = lower(email) AND length(email) <= 254),
    phone       text NOT NULL DEFAULT '',
    address     text NOT NULL DEFAULT '',
    postcode    text NOT NULL DEFAULT '',
    city        text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX guardian_email_key ON guardian (email);
CREATE INDEX guardian_family_idx ON guardian (family_id);

CREATE TABLE child (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    family_id   bigint NOT NULL REFERENCES family (id) ON DELETE CASCADE,
    first_name  text NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
    last_name   text NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
    birth_date  date NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX child_family_idx ON child (family_id);

-- The login of a guardian. password_hash and one_time_code_hash are argon2id
-- strings; a one-time code lets the parent in once, to choose a password.
CREATE TABLE account (
    guardian_id              bigint PRIMARY KEY REFERENCES guardian (id) ON DELETE CASCADE,
    password_hash            text,
    one_time_code_hash       text,
    one_time_code_expires_at timestamptz,
    active                   boolean NOT NULL DEFAULT true,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL
);

-- Sessions: only the hash of the token is kept.
CREATE TABLE session (
    token_hash            text PRIMARY KEY,
    guardian_id           bigint NOT NULL REFERENCES guardian (id) ON DELETE CASCADE,
    csrf_token            text NOT NULL,
    must_change_password  boolean NOT NULL,
    client_addr           text NOT NULL DEFAULT '',
    created_at            timestamptz NOT NULL,
    last_seen_at          timestamptz NOT NULL
);
CREATE INDEX session_guardian_idx ON session (guardian_id);

-- Every evaluated login attempt, for throttling per email and per address.
-- Keyed by the email as typed (lower case), known or not, so that throttling
-- says nothing about which emails exist.
CREATE TABLE login_attempt (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email        text NOT NULL,
    client_addr  text NOT NULL,
    succeeded    boolean NOT NULL,
    at           timestamptz NOT NULL
);
CREATE INDEX login_attempt_email_idx ON login_attempt (email, at);
CREATE INDEX login_attempt_addr_idx ON login_attempt (client_addr, at);

-- 0004 — devices that have logged in to an account, and what login
-- throttling needs to tell them apart from unknown ones.
--
-- A device cookie carries a random token; only its hash is kept, bound to
-- the guardian whose login it proved. A device that fails too often is
-- deleted (it stops being trusted). login_attempt now says whether an
-- attempt came from such a device (those are counted on the device, not in
-- the per-account, per-pair and per-address limits), and whether a new
-- password or one-time code has cleared it from the account's throttle.

CREATE TABLE login_device (
    token_hash       text PRIMARY KEY,
    guardian_id      bigint NOT NULL REFERENCES guardian (id) ON DELETE CASCADE,
    failures         integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
    last_failure_at  timestamptz,
    created_at       timestamptz NOT NULL,
    last_used_at     timestamptz NOT NULL
);
CREATE INDEX login_device_guardian_idx ON login_device (guardian_id);

ALTER TABLE login_attempt
    ADD COLUMN known_device boolean NOT NULL DEFAULT false,
    ADD COLUMN cleared boolean NOT NULL DEFAULT false;

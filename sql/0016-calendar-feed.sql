-- 0016 — the secret address of a family's calendar feed (the iCalendar of
-- its children's reservations, that a phone's calendar subscribes to).
--
-- The address holds a token in two parts: a selector, kept as is to find
-- the row, and a verifier, of which only the hash (BLAKE2b-256, hex) is
-- kept, so that a copy of the database does not give the addresses. The
-- library compares the hash in constant time. A family has at most one
-- active feed (revoked_at NULL); creating a new one revokes the old one,
-- in the same transaction, with the family's row locked.

CREATE TABLE calendar_feed (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    family_id      bigint NOT NULL REFERENCES family (id) ON DELETE CASCADE,
    selector       text NOT NULL UNIQUE CHECK (selector ~ '^[A-Za-z0-9_-]{16}$'),
    verifier_hash  text NOT NULL CHECK (verifier_hash ~ '^[0-9a-f]{64}$'),
    created_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    CHECK (revoked_at IS NULL OR revoked_at >= created_at)
);
CREATE UNIQUE INDEX calendar_feed_active_idx ON calendar_feed (family_id)
    WHERE revoked_at IS NULL;

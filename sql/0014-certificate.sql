-- 0014 — certificates of enrolment (attestations d'inscription): the PDF a
-- family downloads for a validated enrolment, and that a manager verifies
-- by its reference.
--
-- A certificate is issued once and never changes: content keeps what it
-- certified (the structure's header, the child, the activity, period,
-- group and dates, as they were on the day of issue), so that the PDF comes
-- out the same every time it is downloaded and a verification shows what
-- was certified even if names change later. reference is the printed
-- "ATT-XXXX-XXXX-XXXX-C" (core/certificate-ref.h: Crockford base 32 and a
-- check symbol). guardian_id is the guardian who asked and request_id the
-- request it came from (both NULL for the manager's batch of a period).
CREATE TABLE certificate (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference     text NOT NULL UNIQUE
                  CHECK (reference ~ '^ATT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$'),
    enrolment_id  bigint NOT NULL REFERENCES enrolment (id) ON DELETE CASCADE,
    family_id     bigint NOT NULL REFERENCES family (id) ON DELETE CASCADE,
    guardian_id   bigint REFERENCES guardian (id) ON DELETE SET NULL,
    request_id    bigint REFERENCES request (id) ON DELETE SET NULL,
    issued_at     timestamptz NOT NULL,
    issued_on     date NOT NULL,
    content       jsonb NOT NULL CHECK (jsonb_typeof(content) = 'object')
);
CREATE INDEX certificate_family_idx ON certificate (family_id, issued_at DESC);
CREATE INDEX certificate_enrolment_idx ON certificate (enrolment_id);
CREATE UNIQUE INDEX certificate_request_idx ON certificate (request_id);

-- A certificate is produced at once by default; a manager may make the
-- requests wait (portail-cli queue settings set certificate --wait).
UPDATE request_kind SET needs_validation = false WHERE kind = 'certificate';

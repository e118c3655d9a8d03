-- 0011 — enrolments of children in the groups of the catalogue's periods,
-- the documents families have provided, the acceptances of activities'
-- rules, and the request statuses "withdrawn" (the family took back a
-- pending request) and "waitlisted" (the manager put the enrolment it asked
-- for on the group's waiting list).

ALTER TABLE request DROP CONSTRAINT request_status_check;
ALTER TABLE request ADD CONSTRAINT request_status_check
    CHECK (status IN ('pending', 'accepted', 'refused', 'applied', 'outdated',
                      'withdrawn', 'waitlisted'));

-- The kind of request that offers a freed place to the first enrolment of a
-- waiting list (the manager confirms it like an enrolment).
INSERT INTO request_kind (kind, needs_validation) VALUES
    ('enrolment_offer', true)
ON CONFLICT (kind) DO NOTHING;

-- One enrolment of a child in a group of a period, from first_day to
-- last_day (both inside the period). For a petite-enfance pre-enrolment,
-- first_day is the wanted start and last_day the period's last day; the
-- family's wish (wanted_start, days and hours per week) is kept, and the
-- contract the manager grants (contract_*) once it is validated.
--
-- status: pending (waits for the manager: request_id is its request),
-- validated (counts against the group's capacity), waiting (on the group's
-- waiting list, at waitlist_rank, 1 first: the library renumbers a group's
-- list 1..n with the group's row locked), refused, cancelled (by the
-- manager, after validation), withdrawn (the family took back its request).
-- reason: why it was refused or cancelled.
--
-- Two enrolments of the same child in the same period that are pending,
-- validated or waiting never overlap: the library checks it with the
-- child's row locked (FOR UPDATE), so two submissions at once are judged
-- one after the other. The capacity of a group is checked with the group's
-- row locked the same way.
CREATE TABLE enrolment (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    family_id        bigint NOT NULL REFERENCES family (id) ON DELETE CASCADE,
    child_id         bigint NOT NULL REFERENCES child (id) ON DELETE CASCADE,
    period_id        bigint NOT NULL REFERENCES period (id) ON DELETE RESTRICT,
    group_id         bigint NOT NULL REFERENCES period_group (id) ON DELETE RESTRICT,
    first_day        date NOT NULL,
    last_day         date NOT NULL,
    status           text NOT NULL CHECK (status IN
                         ('pending', 'validated', 'waiting', 'refused', 'cancelled', 'withdrawn')),
    comment          text NOT NULL DEFAULT '' CHECK (length(comment) <= 1000),
    reason           text NOT NULL DEFAULT '' CHECK (length(reason) <= 1000),
    waitlist_rank    integer CHECK (waitlist_rank >= 1),
    wanted_start     date,
    days_per_week    smallint CHECK (days_per_week BETWEEN 1 AND 7),
    hours_per_week   smallint CHECK (hours_per_week BETWEEN 1 AND 70),
    contract_start   date,
    contract_days    smallint CHECK (contract_days BETWEEN 1 AND 7),
    contract_hours   smallint CHECK (contract_hours BETWEEN 1 AND 70),
    request_id       bigint REFERENCES request (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    CHECK (last_day >= first_day),
    CHECK ((status = 'waiting') = (waitlist_rank IS NOT NULL)),
    CHECK ((wanted_start IS NULL) = (days_per_week IS NULL)
           AND (wanted_start IS NULL) = (hours_per_week IS NULL)),
    CHECK ((contract_start IS NULL) = (contract_days IS NULL)
           AND (contract_start IS NULL) = (contract_hours IS NULL)),
    CHECK (status NOT IN ('refused', 'cancelled') OR reason <> '')
);
CREATE INDEX enrolment_child_idx ON enrolment (child_id, period_id);
CREATE INDEX enrolment_family_idx ON enrolment (family_id, created_at DESC);
CREATE INDEX enrolment_group_idx ON enrolment (group_id, status);
CREATE INDEX enrolment_period_idx ON enrolment (period_id, status);
CREATE INDEX enrolment_request_idx ON enrolment (request_id);

-- A document a family has provided (vaccination record, insurance
-- certificate...), recorded by the manager: its type (the activity's
-- document_type), the day it was issued, and the child it is for (NULL: the
-- whole family). It is valid for an activity from valid_from for the
-- activity's validity_months.
CREATE TABLE family_document (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    family_id      bigint NOT NULL REFERENCES family (id) ON DELETE CASCADE,
    child_id       bigint REFERENCES child (id) ON DELETE CASCADE,
    document_type  text NOT NULL CHECK (document_type ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    valid_from     date NOT NULL,
    recorded_by    text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL
);
CREATE INDEX family_document_family_idx ON family_document (family_id, document_type);

-- A family's acceptance of a version of an activity's rules (règlement
-- intérieur), recorded when a parent enrols a child having ticked it.
CREATE TABLE rules_acceptance (
    family_id    bigint NOT NULL REFERENCES family (id) ON DELETE CASCADE,
    activity_id  bigint NOT NULL REFERENCES activity (id) ON DELETE CASCADE,
    version      text NOT NULL CHECK (length(version) BETWEEN 1 AND 50),
    guardian_id  bigint REFERENCES guardian (id) ON DELETE SET NULL,
    accepted_at  timestamptz NOT NULL,
    PRIMARY KEY (family_id, activity_id, version)
);

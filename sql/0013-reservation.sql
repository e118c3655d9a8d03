-- 0013 — reservations: the units of the days a child with a validated
-- enrolment will attend, the places they take per day, and the waiting
-- lists of full days.
--
-- The rules (opening weekdays, closures, public holidays, booking windows,
-- notice periods, modification options, unit relations) are the library's
-- (libportail/reservation*.c, the period's reservation_rules); the places
-- are enforced here too: every change of a day's places goes through its
-- load rows below, locked in one order (counters, then group slots) and
-- updated only while they hold fewer than the capacity.

-- The request kind that lets a parent's cancellation wait for the manager
-- (kind 11); bookings that wait use "reservation" (kind 6), which waits
-- when it is sent: the period's rules decide whether one is sent at all.
INSERT INTO request_kind (kind, needs_validation) VALUES ('reservation_cancel', true)
ON CONFLICT (kind) DO NOTHING;
UPDATE request_kind SET needs_validation = true WHERE kind = 'reservation';

-- One unit (journée, repas...) of one day for one enrolment.
-- status: booked (takes a place), pending (takes a place, waits for the
-- manager: request_id), waiting (on the waiting list of its group, unit and
-- day: waiting_seq orders it, the rank is its position among those
-- waiting), cancel_pending (booked, its cancellation waits for the manager:
-- request_id), cancelled (billable: a late cancellation that is charged;
-- cancel_reason: why, when not the family's choice).
-- source: who made it (parent, week: the typical week, manager, import).
CREATE TABLE reservation (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enrolment_id   bigint NOT NULL REFERENCES enrolment (id) ON DELETE CASCADE,
    family_id      bigint NOT NULL REFERENCES family (id) ON DELETE CASCADE,
    group_id       bigint NOT NULL REFERENCES period_group (id) ON DELETE RESTRICT,
    unit_id        bigint NOT NULL REFERENCES unit (id) ON DELETE RESTRICT,
    day            date NOT NULL,
    status         text NOT NULL CHECK (status IN
                       ('booked', 'pending', 'waiting', 'cancel_pending', 'cancelled')),
    waiting_seq    bigint,
    billable       boolean NOT NULL DEFAULT false,
    source         text NOT NULL DEFAULT 'parent' CHECK (source IN
                       ('parent', 'week', 'manager', 'import')),
    request_id     bigint REFERENCES request (id) ON DELETE SET NULL,
    cancel_reason  text NOT NULL DEFAULT '' CHECK (length(cancel_reason) <= 200),
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    CHECK ((status = 'waiting') = (waiting_seq IS NOT NULL)),
    CHECK (billable = false OR status = 'cancelled')
);
-- A unit of a day is live once per enrolment.
CREATE UNIQUE INDEX reservation_live_idx ON reservation (enrolment_id, day, unit_id)
    WHERE status <> 'cancelled';
CREATE INDEX reservation_slot_idx ON reservation (group_id, unit_id, day, waiting_seq)
    WHERE status <> 'cancelled';
CREATE INDEX reservation_request_idx ON reservation (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX reservation_family_idx ON reservation (family_id, day);

-- The places a group's unit has taken on a day (booked, pending and
-- cancel_pending reservations), out of the group's capacity, and the last
-- waiting_seq given on its waiting list. A row exists once a reservation
-- touched the slot.
CREATE TABLE reservation_load (
    group_id     bigint NOT NULL REFERENCES period_group (id) ON DELETE CASCADE,
    unit_id      bigint NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
    day          date NOT NULL,
    taken        integer NOT NULL DEFAULT 0 CHECK (taken >= 0),
    waiting_seq  bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, unit_id, day)
);

-- The places a shared capacity counter has taken on a day (every group, every
-- unit that counts against it), out of the counter's capacity.
CREATE TABLE counter_load (
    counter_id  bigint NOT NULL REFERENCES capacity_counter (id) ON DELETE CASCADE,
    day         date NOT NULL,
    taken       integer NOT NULL DEFAULT 0 CHECK (taken >= 0),
    PRIMARY KEY (counter_id, day)
);

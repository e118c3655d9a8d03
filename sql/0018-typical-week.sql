-- 0018 — the typical week (semaine type) of an enrolment: the units a child
-- comes for on some weekdays, every week or only in even or odd ISO weeks,
-- and the span of days it is expanded over.
--
-- The reservations a typical week made are those with reservation.source =
-- 'week' (0013): a changed week cancels only those it no longer designates,
-- never what the family or the manager booked by hand. The expansion and
-- its rules are the library's (libportail/typical-week.c, which books
-- through the same rules as a parent's change).

-- One stored typical week per enrolment; period_id lets the manager expand
-- every week of a period at once (portail-cli week expand).
CREATE TABLE typical_week (
    enrolment_id  bigint PRIMARY KEY REFERENCES enrolment (id) ON DELETE CASCADE,
    family_id     bigint NOT NULL REFERENCES family (id) ON DELETE CASCADE,
    period_id     bigint NOT NULL REFERENCES period (id) ON DELETE CASCADE,
    from_day      date NOT NULL,
    to_day        date NOT NULL,
    updated_at    timestamptz NOT NULL,
    CHECK (from_day <= to_day)
);
CREATE INDEX typical_week_period_idx ON typical_week (period_id, enrolment_id);
CREATE INDEX typical_week_family_idx ON typical_week (family_id);

-- Its slots: a unit on an ISO weekday (1 Monday ... 7 Sunday), every week
-- (all) or in even or odd ISO weeks, in the order the family gave them.
CREATE TABLE typical_week_slot (
    enrolment_id  bigint NOT NULL REFERENCES typical_week (enrolment_id) ON DELETE CASCADE,
    position      smallint NOT NULL CHECK (position >= 0),
    weekday       smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    unit_id       bigint NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
    weeks         text NOT NULL CHECK (weeks IN ('all', 'even', 'odd')),
    PRIMARY KEY (enrolment_id, position),
    UNIQUE (enrolment_id, weekday, unit_id, weeks)
);


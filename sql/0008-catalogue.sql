-- 0008 — the catalogue of what families can enrol their children in, as the
-- guide presents it: facility (équipement) → activity type → activity →
-- period → group, with the bookable units of a period's days and their
-- relations, and the documents and rules an activity asks of families.
--
-- Every level has a code, unique in its table, that the manager's catalogue
-- file names it by: importing the same file again finds each row by its code
-- and changes it in place. "position" keeps the file's order. Periods and
-- groups are referenced by enrolments with ON DELETE RESTRICT, so the
-- database itself refuses to delete one that has enrolments.

CREATE TABLE facility (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code      text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    name      text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    position  integer NOT NULL DEFAULT 0
);

-- The category decides how enrolling works: petite enfance is a
-- pre-enrolment (the family asks for a place; the manager grants it,
-- waiting-lists it or refuses it).
CREATE TABLE activity_type (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    facility_id  bigint NOT NULL REFERENCES facility (id) ON DELETE RESTRICT,
    code         text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    category     text NOT NULL CHECK (category IN
                     ('loisirs', 'periscolaire', 'restauration', 'petite_enfance')),
    position     integer NOT NULL DEFAULT 0
);
CREATE INDEX activity_type_facility_idx ON activity_type (facility_id);

-- An activity and its enrolment conditions: whether families write a
-- comment when they enrol, the rules document (règlement intérieur) they
-- must accept in its current version ("" when there is none), and whether
-- booking is blocked while a required document or acceptance is missing.
CREATE TABLE activity (
    id                          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    activity_type_id            bigint NOT NULL REFERENCES activity_type (id) ON DELETE RESTRICT,
    code                        text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    name                        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description                 text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    asks_comment                boolean NOT NULL DEFAULT false,
    rules_title                 text NOT NULL DEFAULT '' CHECK (length(rules_title) <= 200),
    rules_version               text NOT NULL DEFAULT '' CHECK (length(rules_version) <= 50),
    rules_url                   text NOT NULL DEFAULT '' CHECK (length(rules_url) <= 500),
    booking_blocked_if_missing  boolean NOT NULL DEFAULT false,
    position                    integer NOT NULL DEFAULT 0,
    CHECK ((rules_title = '') = (rules_version = ''))
);
CREATE INDEX activity_type_idx ON activity (activity_type_id);

-- A document families must provide for an activity (vaccination record,
-- insurance certificate...), and how long one stays valid after it is
-- issued (NULL: without limit).
CREATE TABLE activity_document (
    activity_id      bigint NOT NULL REFERENCES activity (id) ON DELETE CASCADE,
    document_type    text NOT NULL CHECK (document_type ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    label            text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    validity_months  integer CHECK (validity_months BETWEEN 1 AND 120),
    position         integer NOT NULL DEFAULT 0,
    PRIMARY KEY (activity_id, document_type)
);

-- A period of an activity ("ALSH Mercredis 2026/2027"): its days (first to
-- last, on the opening weekdays, less the closure days), the window in which
-- families can enrol, and the reservation rules (notice periods, booking
-- windows, modification options) that the reservation module reads.
-- opening_weekdays: bit 0 Monday ... bit 6 Sunday (ISO order).
CREATE TABLE period (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    activity_id        bigint NOT NULL REFERENCES activity (id) ON DELETE RESTRICT,
    code               text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    label              text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    first_day          date NOT NULL,
    last_day           date NOT NULL,
    opening_weekdays   smallint NOT NULL CHECK (opening_weekdays BETWEEN 1 AND 127),
    enrolment_opens    date NOT NULL,
    enrolment_closes   date NOT NULL,
    reservation_rules  jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(reservation_rules) = 'object'),
    position           integer NOT NULL DEFAULT 0,
    CHECK (last_day >= first_day),
    CHECK (enrolment_closes >= enrolment_opens)
);
CREATE INDEX period_activity_idx ON period (activity_id);

-- Days a period is closed although they fall on an opening weekday
-- (holiday weeks, bridges). Public holidays are computed, not listed here.
CREATE TABLE period_closure (
    period_id  bigint NOT NULL REFERENCES period (id) ON DELETE CASCADE,
    day        date NOT NULL,
    reason     text NOT NULL DEFAULT '' CHECK (length(reason) <= 200),
    PRIMARY KEY (period_id, day)
);

-- A capacity that several units of a period share, per day (e.g. "journée"
-- and "matin" count against the same places).
CREATE TABLE capacity_counter (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period_id  bigint NOT NULL REFERENCES period (id) ON DELETE CASCADE,
    code       text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    label      text NOT NULL DEFAULT '' CHECK (length(label) <= 200),
    capacity   integer NOT NULL CHECK (capacity >= 0),
    UNIQUE (period_id, code)
);

-- A bookable unit of a period's days (journée, matin, après-midi, repas).
-- A dependent unit (depends_on) follows the unit it belongs to: it can only
-- be booked with it and goes when it goes. counter_id: the capacity it
-- counts against (NULL: only the group's capacity).
CREATE TABLE unit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period_id   bigint NOT NULL REFERENCES period (id) ON DELETE CASCADE,
    code        text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    label       text NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
    starts_at   time,
    ends_at     time,
    depends_on  bigint REFERENCES unit (id) ON DELETE CASCADE,
    counter_id  bigint REFERENCES capacity_counter (id) ON DELETE SET NULL,
    position    integer NOT NULL DEFAULT 0,
    UNIQUE (period_id, code),
    CHECK (depends_on IS NULL OR depends_on <> id),
    CHECK (starts_at IS NULL OR ends_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX unit_period_idx ON unit (period_id);

-- Relations between two units of one period: 'incompatible' (they cannot be
-- booked on the same day; stored once, with unit_id < other_unit_id) and
-- 'linked' (booking unit_id books other_unit_id too; directed).
CREATE TABLE unit_relation (
    unit_id        bigint NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
    other_unit_id  bigint NOT NULL REFERENCES unit (id) ON DELETE CASCADE,
    relation       text NOT NULL CHECK (relation IN ('incompatible', 'linked')),
    PRIMARY KEY (unit_id, other_unit_id, relation),
    CHECK (unit_id <> other_unit_id),
    CHECK (relation <> 'incompatible' OR unit_id < other_unit_id)
);

-- A group of a period (Maternelle, Élémentaires +6 ans): who is eligible and
-- how many places it has. A child is eligible when their age in completed
-- months on the reference day (NULL: the period's first day) is at least
-- min_age_months and below max_age_months (NULL: no bound), and, when
-- school_levels is not empty, their school level is one of them.
CREATE TABLE period_group (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period_id          bigint NOT NULL REFERENCES period (id) ON DELETE RESTRICT,
    code               text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
    label              text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    capacity           integer NOT NULL CHECK (capacity >= 0),
    min_age_months     integer CHECK (min_age_months >= 0),
    max_age_months     integer CHECK (max_age_months > 0),
    age_reference_day  date,
    school_levels      text[] NOT NULL DEFAULT '{}' CHECK (school_levels <@ ARRAY[
        'PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2',
        '6e', '5e', '4e', '3e', '2de', '1re', 'Tle']::text[]),
    position           integer NOT NULL DEFAULT 0,
    UNIQUE (period_id, code),
    CHECK (min_age_months IS NULL OR max_age_months IS NULL OR max_age_months > min_age_months)
);
CREATE INDEX period_group_period_idx ON period_group (period_id);

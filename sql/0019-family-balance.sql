-- 0019 — a family's balance (solde) as a ledger, and the manager's
-- override of the debt threshold.
--
-- One row per amount a family owes (positive, e.g. a debt carried over
-- from the treasury) or paid (negative); the balance is their sum. Billing
-- will write its invoices and payments here (source). A period's
-- reservation_rules.debt_threshold_cents blocks booking while the balance is
-- above it (libportail/reservation-change.c), unless the family has an
-- override below.
CREATE TABLE family_ledger (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    family_id     bigint NOT NULL REFERENCES family (id) ON DELETE CASCADE,
    amount_cents  bigint NOT NULL CHECK (amount_cents <> 0
                      AND amount_cents BETWEEN -100000000 AND 100000000),
    label         text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    day           date NOT NULL,
    source        text NOT NULL CHECK (source IN ('manager', 'billing', 'payment')),
    created_at    timestamptz NOT NULL
);
CREATE INDEX family_ledger_family_idx ON family_ledger (family_id, day);

-- The families the manager lets book whatever they owe.
CREATE TABLE family_booking_override (
    family_id   bigint PRIMARY KEY REFERENCES family (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL
);

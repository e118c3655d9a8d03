-- 0021 — who cancelled a reservation, so that a typical week never books
-- again a day that someone else cancelled.
--
-- cancelled_by is set on every row that becomes 'cancelled' (NULL on the
-- others): parent (the family's change on Mes réservations, its
-- cancellation the manager accepted, or its booking request withdrawn),
-- week (the typical week itself, when it no longer designates the day),
-- manager (a booking request the manager refused), import (the manager's
-- batch corrections), closure (a day closed after the fact). An expansion
-- of the typical week (libportail/typical-week-expand.c) leaves out every
-- (day, unit) of the enrolment that has a cancelled row not cancelled by
-- the week: only a day the week itself removed may be booked again by it.
-- A cancelled row whose cancelled_by is NULL counts as not the week's.
ALTER TABLE reservation
    ADD COLUMN cancelled_by text CHECK (cancelled_by IN
        ('parent', 'week', 'manager', 'import', 'closure')),
    ADD CHECK (cancelled_by IS NULL OR status = 'cancelled');

-- The rows cancelled before this migration: those of a closed day carry
-- the closure's reason (0017: only closing a day writes cancel_reason), so
-- 'closure'; for the others nothing says who cancelled them, so 'parent':
-- a day the typical week had removed itself is then not booked again by
-- it either (the family can still book it by hand), rather than a day the
-- family had cancelled being booked, and charged, again.
UPDATE reservation SET cancelled_by = CASE WHEN cancel_reason <> '' THEN 'closure'
                                           ELSE 'parent' END
 WHERE status = 'cancelled';

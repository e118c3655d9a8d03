-- 0017 — a closure day holds no live reservation: closing a day after the
-- fact (ptl_period_close_day) cancels that day's reservations, and the
-- database refuses any live reservation written on a closure day of its
-- period, so that a booking that raced the closing cannot slip in (the
-- library refuses closure days before; this is the second lock).
-- One check per statement, over the rows it inserted.
CREATE FUNCTION reservation_not_on_closure() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM inserted n
                 JOIN unit u ON u.id = n.unit_id
                 JOIN period_closure k ON k.period_id = u.period_id AND k.day = n.day
                WHERE n.status <> 'cancelled') THEN
        RAISE EXCEPTION 'a reservation on a closure day of its period'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER reservation_not_on_closure
    AFTER INSERT ON reservation REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION reservation_not_on_closure();

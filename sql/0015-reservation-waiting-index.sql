-- 0015 — the waiting lists of a day are found without reading its bookings.
--
-- Giving a freed place to the first one waiting, and a new waiting
-- booking's rank, look for the waiting reservations of one group, unit and
-- day. reservation_slot_idx holds every live reservation (booked, pending,
-- waiting...), so such a look-up read all the live reservations of the slot,
-- or, planned for any slot, all the live reservations of the table. The
-- waiting ones are few: their own index, in waiting order.
CREATE INDEX reservation_waiting_idx ON reservation (group_id, unit_id, day, waiting_seq)
    WHERE status = 'waiting';

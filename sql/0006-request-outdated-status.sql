-- 0006 — a request can be closed as "outdated": accepting an edit found the
-- values it was made against changed since (another request accepted
-- meanwhile), so nothing was applied.

ALTER TABLE request DROP CONSTRAINT request_status_check;
ALTER TABLE request ADD CONSTRAINT request_status_check
    CHECK (status IN ('pending', 'accepted', 'refused', 'applied', 'outdated'));

-- 0010 — families with more than one guardian (responsable légal): how each
-- is related to the children, the two kinds of request with which a parent
-- asks to add the other parent or to change their details, the rule that a
-- family keeps at least one guardian, and the sender's name kept on each
-- request.

-- Relationship to the children, from the field table (libportail/field.c):
-- mère, père, tuteur, tutrice, autre; '' when not told (guardians created
-- before this migration).
ALTER TABLE guardian
    ADD COLUMN relationship text NOT NULL DEFAULT ''
        CHECK (relationship IN ('', 'mere', 'pere', 'tuteur', 'tutrice', 'autre'));

INSERT INTO request_kind (kind, needs_validation) VALUES
    ('guardian_add', true),
    ('guardian_edit', true)
ON CONFLICT (kind) DO NOTHING;

-- What a guardian sent stays in the history under their name, even once the
-- manager has removed them. Removing a guardian deletes their row (which
-- ends their login, sessions, devices and links by the cascades of 0001,
-- 0002 and 0004 in the same transaction, and frees their email for another
-- login); request.guardian_id then becomes NULL, so the request keeps the
-- sender's name itself, as it was when they sent it. A row marked "removed"
-- instead would have needed a filter in every query that reads guardians
-- (logins, sessions, family pages, mail recipients) and would have kept the
-- email taken.
ALTER TABLE request ADD COLUMN guardian_name text NOT NULL DEFAULT '';
UPDATE request r SET guardian_name = g.first_name || ' ' || g.last_name
  FROM guardian g WHERE g.id = r.guardian_id;

-- Whoever writes a request (the library, the demo generator), its sender's
-- name is taken from the guardian row as it is written.
CREATE FUNCTION request_sender_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.guardian_id IS NOT NULL AND NEW.guardian_name = '' THEN
        SELECT g.first_name || ' ' || g.last_name INTO NEW.guardian_name
          FROM guardian g WHERE g.id = NEW.guardian_id;
        NEW.guardian_name := coalesce(NEW.guardian_name, '');
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER request_sender_name BEFORE INSERT ON request
    FOR EACH ROW EXECUTE FUNCTION request_sender_name();

-- A family never loses its last guardian (the library refuses first, with
-- a clear message; this holds for any other writer too). The family's row
-- is locked so that two removals at once are judged one after the other:
-- the second, run after the first commits (READ COMMITTED), sees it.
-- Deleting the family itself removes its guardians freely.
CREATE FUNCTION guardian_keep_last() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM family WHERE id = OLD.family_id FOR UPDATE;
    IF FOUND AND NOT EXISTS (SELECT 1 FROM guardian WHERE family_id = OLD.family_id) THEN
        RAISE EXCEPTION 'family % would have no guardian left', OLD.family_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER guardian_keep_last AFTER DELETE ON guardian
    FOR EACH ROW EXECUTE FUNCTION guardian_keep_last();

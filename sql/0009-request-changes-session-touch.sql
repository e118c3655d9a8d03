-- 0009 — what a request changes is computed once, when it is written, and
-- a session is marked used by a function called only when it is due.
--
-- request.changes holds what the request changes, in the one text form the
-- library reads (ptl__request_from_row): for an addition (nothing before)
-- every value given, for an edit the keys whose value differs (null and ""
-- are the same), each "key US before US after" with the changes separated
-- by RS (the ASCII unit and record separators, which the field table keeps
-- out of every value); before and after are "n" for none or "v" and the
-- text. NULL when nothing changes. A request's before and after never change
-- once written, so the column is stored with the row instead of being
-- computed again on every read of the family's requests.

CREATE FUNCTION request_changes(before jsonb, after jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT pg_catalog.string_agg(coalesce(a.key, b.key) || pg_catalog.chr(31) ||
         CASE WHEN before = '{}'::jsonb THEN 'n' ELSE 'v' || coalesce(b.value, '') END
         || pg_catalog.chr(31) || CASE WHEN a.key IS NULL THEN 'n' ELSE 'v' || coalesce(a.value, '') END,
         pg_catalog.chr(30))
  FROM pg_catalog.jsonb_each_text(before) b
  FULL JOIN pg_catalog.jsonb_each_text(after) a ON a.key = b.key
 WHERE CASE WHEN before = '{}'::jsonb THEN coalesce(a.value, '') <> ''
            ELSE a.key IS NULL OR coalesce(a.value, '') <> coalesce(b.value, '') END
$$;

ALTER TABLE request ADD COLUMN changes text
    GENERATED ALWAYS AS (request_changes(before, after)) STORED;

-- Mark the session of token hash @hash used at @at (epoch seconds) if it was
-- last marked before @older_than (epoch seconds): @at if it wrote, else NULL.
-- The parents' reads call it only when that is due (PTL__SESSION_CTE), so
-- that a read neither writes nor prepares a write on every request.
CREATE FUNCTION session_touch(hash text, at bigint, older_than bigint) RETURNS bigint
LANGUAGE sql VOLATILE AS $$
UPDATE public.session SET last_seen_at = pg_catalog.to_timestamp(at)
 WHERE token_hash = hash AND last_seen_at < pg_catalog.to_timestamp(older_than)
RETURNING at
$$;

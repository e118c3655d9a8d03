-- 0020 — a certificate keeps its document: the PDF is drawn once, when the
-- certificate is issued, and stored with it, so that a download sends the
-- stored bytes instead of drawing the document again (fonts loaded, pages
-- laid out) at every request.
--
-- Every certificate issued from now on is inserted with its document. Those
-- issued before this migration have none yet: the library draws theirs from
-- their snapshot (content) on their first download and stores it then
-- (certificate.c). Once stored, a document never changes, like the rest of
-- the certificate.
--
-- The PDF's streams are already deflated by cairo: the column is stored out
-- of line without another compression (STORAGE EXTERNAL), which would save
-- little and cost at every read.
ALTER TABLE certificate ADD COLUMN document bytea;
ALTER TABLE certificate ALTER COLUMN document SET STORAGE EXTERNAL;

-- NOT NULL for the new rows only (the old ones get theirs on first
-- download), and no change once there.
CREATE FUNCTION certificate_document_kept() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.document IS NULL THEN
        RAISE EXCEPTION 'a certificate is issued with its document'
            USING ERRCODE = 'not_null_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.document IS NOT NULL
       AND NEW.document IS DISTINCT FROM OLD.document THEN
        RAISE EXCEPTION 'a certificate''s document never changes'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER certificate_document_kept
    BEFORE INSERT OR UPDATE OF document ON certificate
    FOR EACH ROW EXECUTE FUNCTION certificate_document_kept();

-- 0007 — the identity and contact details of the structure that runs the
-- portal (shown in the pages' footer, on "Nous contacter" and in the legal
-- notice): one row, which always exists, with empty values until the
-- manager sets them (portail-cli structure set). The limits are those of
-- the field table (libportail/field.c, object "structure").

CREATE TABLE structure (
    singleton             boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    name                  text NOT NULL DEFAULT '' CHECK (length(name) <= 200),
    address               text NOT NULL DEFAULT '' CHECK (length(address) <= 300),
    postcode              text NOT NULL DEFAULT '' CHECK (postcode ~ '^((0[1-9]|[1-8][0-9]|9[0-578])[0-9]{3})?$'),
    city                  text NOT NULL DEFAULT '' CHECK (length(city) <= 100),
    phone                 text NOT NULL DEFAULT '' CHECK (phone ~ '^(0[1-9][0-9]{8})?$'),
    email                 text NOT NULL DEFAULT '' CHECK (email = lower(email) AND length(email) <= 254),
    opening_hours         text NOT NULL DEFAULT '' CHECK (length(opening_hours) <= 500),
    publication_director  text NOT NULL DEFAULT '' CHECK (length(publication_director) <= 200),
    host                  text NOT NULL DEFAULT '' CHECK (length(host) <= 300),
    updated_at            timestamptz
);
INSERT INTO structure DEFAULT VALUES;

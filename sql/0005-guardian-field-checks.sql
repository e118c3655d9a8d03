-- 0005 — the database enforces the rules of the field table (libportail's
-- field.c) on the guardian's contact details too: the length of the address
-- and of the city, the shape of the phone numbers (stored as ten digits) and
-- of the postcode. Values written through the library
-- already follow them.

ALTER TABLE guardian
    ADD CONSTRAINT guardian_address_length CHECK (length(address) <= 200),
    ADD CONSTRAINT guardian_city_length CHECK (length(city) <= 100),
    ADD CONSTRAINT guardian_phone_format CHECK (phone ~ '^(0[1-9][0-9]{8})?$'),
    ADD CONSTRAINT guardian_mobile_phone_format CHECK (mobile_phone ~ '^(0[1-9][0-9]{8})?$'),
    ADD CONSTRAINT guardian_work_phone_format CHECK (work_phone ~ '^(0[1-9][0-9]{8})?$'),
    ADD CONSTRAINT guardian_postcode_format
        CHECK (postcode ~ '^((0[1-9]|[1-8][0-9]|9[0-578])[0-9]{3})?$');

-- 0003 — a record of the anonymous actions that are limited per client
-- address (sign-up, "mot de passe oublié"), so that one address cannot use
-- the portal to send mail in bulk.

CREATE TABLE rate_event (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action       text NOT NULL,
    client_addr  text NOT NULL,
    at           timestamptz NOT NULL
);
CREATE INDEX rate_event_key_idx ON rate_event (action, client_addr, at);

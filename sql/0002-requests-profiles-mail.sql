-- 0002 — the validation queue, fuller guardian and child records, sign-up
-- and reset links, and the mail outbox.

ALTER TABLE guardian
    ADD COLUMN mobile_phone    text NOT NULL DEFAULT '',
    ADD COLUMN work_phone      text NOT NULL DEFAULT '',
    ADD COLUMN employer        text NOT NULL DEFAULT '' CHECK (length(employer) <= 100),
    ADD COLUMN notify_by_email boolean NOT NULL DEFAULT true,
    ADD COLUMN notify_by_sms   boolean NOT NULL DEFAULT false;

ALTER TABLE child
    ADD COLUMN sex               text NOT NULL DEFAULT '' CHECK (sex IN ('', 'F', 'M')),
    ADD COLUMN school            text NOT NULL DEFAULT '' CHECK (length(school) <= 100),
    ADD COLUMN school_level      text NOT NULL DEFAULT '' CHECK (school_level IN
        ('', 'PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2',
         '6e', '5e', '4e', '3e', '2de', '1re', 'Tle')),
    ADD COLUMN allergies         text NOT NULL DEFAULT '' CHECK (length(allergies) <= 500),
    ADD COLUMN diet              text NOT NULL DEFAULT '' CHECK (length(diet) <= 200),
    ADD COLUMN doctor            text NOT NULL DEFAULT '' CHECK (length(doctor) <= 200),
    ADD COLUMN authorized_pickup text NOT NULL DEFAULT '' CHECK (length(authorized_pickup) <= 500);

-- Whether a kind of request waits for the manager, or applies at once and is
-- only listed for review.
CREATE TABLE request_kind (
    kind              text PRIMARY KEY,
    needs_validation  boolean NOT NULL
);
INSERT INTO request_kind (kind, needs_validation) VALUES
    ('signup', true),
    ('child_add', true),
    ('child_edit', true),
    ('contact_change', false),
    ('enrolment', true),
    ('reservation', false),
    ('certificate', true);

-- The validation queue: one row per demande, whatever its kind.
CREATE TABLE request (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    family_id     bigint NOT NULL REFERENCES family (id) ON DELETE CASCADE,
    kind          text NOT NULL REFERENCES request_kind (kind),
    status        text NOT NULL CHECK (status IN ('pending', 'accepted', 'refused', 'applied')),
    summary       text NOT NULL,
    before        jsonb NOT NULL DEFAULT '{}',
    after         jsonb NOT NULL DEFAULT '{}',
    guardian_id   bigint REFERENCES guardian (id) ON DELETE SET NULL,
    target_id     bigint,
    created_at    timestamptz NOT NULL,
    processed_at  timestamptz,
    processed_by  text NOT NULL DEFAULT '',
    note          text NOT NULL DEFAULT '',
    CHECK ((status = 'pending') = (processed_at IS NULL) OR status = 'applied'),
    CHECK (status <> 'refused' OR note <> '')
);
CREATE INDEX request_family_idx ON request (family_id, created_at DESC);
CREATE INDEX request_pending_idx ON request (kind, created_at) WHERE status = 'pending';

-- Families who signed up themselves wait for the manager.
ALTER TABLE account ADD COLUMN email_confirmed_at timestamptz;

-- Links sent by email: only the hash of the token is kept.
CREATE TABLE email_token (
    token_hash   text PRIMARY KEY,
    guardian_id  bigint NOT NULL REFERENCES guardian (id) ON DELETE CASCADE,
    purpose      text NOT NULL CHECK (purpose IN ('confirm_email', 'reset_password')),
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz
);
CREATE INDEX email_token_guardian_idx ON email_token (guardian_id, purpose, created_at);

CREATE TABLE mail_outbox (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient   text NOT NULL,
    subject     text NOT NULL,
    body        text NOT NULL,
    status      text NOT NULL DEFAULT 'outbox' CHECK (status IN ('outbox', 'sent', 'failed')),
    error       text NOT NULL DEFAULT '',
    attempts    integer NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL,
    sent_at     timestamptz
);
CREATE INDEX mail_outbox_undelivered_idx ON mail_outbox (id) WHERE status <> 'sent';

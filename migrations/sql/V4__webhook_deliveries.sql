-- Webhooks: a record with a webhook_url announces each final status (COMPLETED, FAILED) once.
-- The id is the stable delivery id the receiver sees (body and X-Audiojobs-Delivery); it is derived
-- from the record and the status (io.audiojobs.shared.webhooks.Webhooks.deliveryId) and is also the
-- id of the JobRunr job that delivers it, so announcing twice is one row and one job.
-- A delivery's fate never changes its record's status.
CREATE TABLE webhook_deliveries (
    id                UUID        PRIMARY KEY,
    record_id         BIGINT      NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    status            TEXT        NOT NULL CHECK (status IN ('COMPLETED', 'FAILED')),  -- what is announced
    url               TEXT        NOT NULL,            -- the record's webhook_url when it was announced
    state             TEXT        NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts          INTEGER     NOT NULL DEFAULT 0,
    last_status_code  INTEGER,                         -- HTTP status of the last attempt; NULL when no answer came
    last_error        TEXT,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_attempt_at   TIMESTAMPTZ,
    delivered_at      TIMESTAMPTZ,
    UNIQUE (record_id, status)
);

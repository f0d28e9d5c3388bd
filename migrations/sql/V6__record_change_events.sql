-- Live progress: every change of a record's status or progress is announced on a channel that
-- API nodes LISTEN to, so they push server-sent events without polling. The payload is the id.
CREATE OR REPLACE FUNCTION audiojobs_notify_record_changed() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('audiojobs_record_changed', NEW.id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER audiojobs_record_changed
    AFTER UPDATE OF status, progress, failed_reason ON records
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.progress IS DISTINCT FROM NEW.progress
          OR OLD.failed_reason IS DISTINCT FROM NEW.failed_reason)
EXECUTE FUNCTION audiojobs_notify_record_changed();

-- Idempotency keys: the first response to a POST with an Idempotency-Key is kept for 24 h and
-- replayed for the same key and body. status NULL = the first request is still running.
CREATE TABLE idempotency_keys (
    owner_id       TEXT        NOT NULL,
    key            TEXT        NOT NULL,
    request_hash   TEXT        NOT NULL,
    status         INTEGER,
    content_type   TEXT,
    body           TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (owner_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

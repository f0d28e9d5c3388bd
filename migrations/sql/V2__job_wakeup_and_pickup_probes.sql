-- Instant pickup: wake worker nodes the moment a job becomes ENQUEUED in JobRunr's table, whether
-- the API inserted it, a handler enqueued the next step, or a retry or scheduled job came due.
-- JobRunr creates jobrunr_jobs before Flyway runs (see Database.open). PostgreSQL merges identical
-- notifications of one transaction, so a batch insert wakes the workers once.
CREATE OR REPLACE FUNCTION audiojobs_notify_job_enqueued() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('audiojobs_job_enqueued', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER audiojobs_job_enqueued
    AFTER INSERT OR UPDATE OF state ON jobrunr_jobs
    FOR EACH ROW
    WHEN (NEW.state = 'ENQUEUED')
EXECUTE FUNCTION audiojobs_notify_job_enqueued();

-- Diagnostic no-op jobs that record when they were enqueued and when a worker started them:
-- the benchmark and the tests measure pickup latency and duplicate runs with them.
CREATE TABLE pickup_probes (
    probe_id     UUID        PRIMARY KEY,
    batch        TEXT        NOT NULL,
    enqueued_at  TIMESTAMPTZ NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    runs         INTEGER     NOT NULL DEFAULT 1,
    worker       TEXT        NOT NULL
);
CREATE INDEX pickup_probes_batch_idx ON pickup_probes (batch);

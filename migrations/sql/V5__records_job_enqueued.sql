-- A record is committed before its first job is enqueued (JobRunr writes with its own
-- connection). If the enqueue fails in between, the record stays with job_enqueued = false and the
-- housekeeping job enqueues it later: nothing answered with 202 is lost.
ALTER TABLE records ADD COLUMN job_enqueued BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE records ALTER COLUMN job_enqueued SET DEFAULT FALSE;
CREATE INDEX records_not_enqueued_idx ON records (created_at) WHERE NOT job_enqueued;

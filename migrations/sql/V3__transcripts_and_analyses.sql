-- Speech-to-text and analysis results. A record's transcription "run" starts at 1 and grows with
-- each retranscribe; jobs of an older run find themselves superseded and stop.
ALTER TABLE records ADD COLUMN transcription_run INTEGER NOT NULL DEFAULT 1;

-- What a run asked for, and how its audio was cut (chunk_count 1 = transcribed in one piece).
CREATE TABLE transcription_runs (
    record_id    BIGINT      NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    run          INTEGER     NOT NULL,
    engine       TEXT        NOT NULL,
    model        TEXT,
    language     TEXT,
    chunk_count  INTEGER,
    merged_at    TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (record_id, run)
);

-- One row per chunk of a long recording; a chunk's result is kept until the run is merged.
CREATE TABLE transcript_chunks (
    record_id    BIGINT      NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    run          INTEGER     NOT NULL,
    idx          INTEGER     NOT NULL,
    start_ms     BIGINT      NOT NULL,
    end_ms       BIGINT      NOT NULL,
    object_key   TEXT        NOT NULL,
    status       TEXT        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'COMPLETED')),
    attempts     INTEGER     NOT NULL DEFAULT 0,
    result       JSONB,
    worker       TEXT,                           -- the node that transcribed it
    finished_at  TIMESTAMPTZ,
    PRIMARY KEY (record_id, run, idx)
);

-- The current transcript of a record: one row, replaced in one statement, so readers never see
-- half of one.
CREATE TABLE transcripts (
    record_id   BIGINT      PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
    run         INTEGER     NOT NULL,
    text        TEXT        NOT NULL,
    language    TEXT,
    engine      TEXT        NOT NULL,
    model       TEXT,
    segments    JSONB       NOT NULL,
    words       JSONB       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE analyses (
    record_id       BIGINT      PRIMARY KEY REFERENCES records (id) ON DELETE CASCADE,
    run             INTEGER     NOT NULL,
    metrics         JSONB       NOT NULL,
    summary         TEXT,
    topics          JSONB,
    summary_status  TEXT        NOT NULL CHECK (summary_status IN ('OFF', 'OK', 'MISSING')),
    summary_error   TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

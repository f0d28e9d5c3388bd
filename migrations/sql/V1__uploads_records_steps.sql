-- The product's own tables. JobRunr creates and upgrades its jobrunr_* tables itself (see README).

CREATE TABLE uploads (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id          TEXT        NOT NULL,
    object_key        TEXT        NOT NULL UNIQUE,
    filename          TEXT        NOT NULL,           -- display only, never used as a path
    content_type      TEXT        NOT NULL,
    size_bytes        BIGINT      NOT NULL CHECK (size_bytes >= 0),
    sha256            TEXT,
    method            TEXT        NOT NULL CHECK (method IN ('PUT', 'MULTIPART', 'DIRECT')),
    multipart_id      TEXT,                           -- S3 UploadId of a multipart upload
    part_size         BIGINT,
    status            TEXT        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'UPLOADED', 'EXPIRED')),
    duration_seconds  INTEGER,                        -- as declared by the client (seed 004)
    expires_at        TIMESTAMPTZ NOT NULL,           -- when the presigned URLs stop working
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    uploaded_at       TIMESTAMPTZ
);
CREATE INDEX uploads_owner_idx ON uploads (owner_id, id DESC);
CREATE INDEX uploads_pending_idx ON uploads (created_at) WHERE status <> 'EXPIRED';

CREATE TABLE records (
    id                             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id                       TEXT        NOT NULL,
    upload_id                      BIGINT      NOT NULL UNIQUE REFERENCES uploads (id),
    title                          TEXT        NOT NULL,
    language                       TEXT,
    song_id                        BIGINT,
    duration_seconds               INTEGER,            -- as declared by the client
    delete_audio_after_processing  BOOLEAN     NOT NULL DEFAULT FALSE,
    webhook_url                    TEXT,
    status                         TEXT        NOT NULL DEFAULT 'QUEUED'
        CHECK (status IN ('QUEUED', 'CONVERTING', 'TRANSCRIBING', 'ANALYZING', 'COMPLETED', 'FAILED')),
    progress                       INTEGER     NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    failed_reason                  TEXT,
    failed_step                    TEXT,
    job_id                         UUID        NOT NULL,
    audio_duration_ms              BIGINT,             -- measured by ffprobe
    audio_codec                    TEXT,
    created_at                     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at                     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX records_owner_idx ON records (owner_id, id DESC);

-- One row per pipeline step of a record; a re-run of a step updates its row.
CREATE TABLE processing_steps (
    record_id    BIGINT      NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    name         TEXT        NOT NULL,
    position     INTEGER     NOT NULL,
    status       TEXT        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED')),
    progress     INTEGER     NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    attempts     INTEGER     NOT NULL DEFAULT 0,
    started_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ,
    error        TEXT,
    PRIMARY KEY (record_id, name)
);

-- Objects derived from a record's audio, keyed by kind so that a re-run replaces them.
CREATE TABLE renditions (
    record_id     BIGINT      NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    kind          TEXT        NOT NULL CHECK (kind IN ('NORMALIZED_WAV', 'MP3', 'WAVEFORM', 'HLS')),
    object_key    TEXT        NOT NULL,
    content_type  TEXT        NOT NULL,
    size_bytes    BIGINT      NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (record_id, kind)
);

-- Seed 002: a client-chosen session id that names one uploaded recording.
CREATE TABLE sessions (
    owner_id    TEXT        NOT NULL,
    id          TEXT        NOT NULL,
    record_id   BIGINT      NOT NULL UNIQUE REFERENCES records (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (owner_id, id)
);

-- Objects left behind by deleted records, removed by the cleanup job when S3 could not be reached at once.
CREATE TABLE object_deletions (
    object_key  TEXT        PRIMARY KEY,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

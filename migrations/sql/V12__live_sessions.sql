-- Live recording (SPEC §6, seeds 000 and 003): a browser streams its microphone over a WebSocket.
-- live_sessions is seed 003's Session, live_chunks the stream's pieces as the client sent them (seed
-- 000's audio_chunk; the bytes are in S3 under live/{session}/chunks/{sequence}), live_pieces seed
-- 003's Chunk: the decoded audio cut at pauses, each transcribed by a worker job.
CREATE TABLE live_sessions (
    id                   UUID        PRIMARY KEY,
    owner_id             TEXT        NOT NULL,
    title                TEXT        NOT NULL,
    language             TEXT,
    model                TEXT,
    mime_type            TEXT        NOT NULL,          -- the container the client streams, e.g. audio/webm
    status               TEXT        NOT NULL DEFAULT 'recording' CHECK (status IN ('recording', 'completed', 'failed')),
    stop_requested_at    TIMESTAMPTZ,                   -- stop_session, the idle timeout or the cleanup asked to stop
    stop_reason          TEXT        CHECK (stop_reason IN ('client', 'idle', 'deleted')),
    sealed_at            TIMESTAMPTZ,                   -- no chunk is accepted after this: the assembly is decided
    ended_at             TIMESTAMPTZ,
    failed_reason        TEXT,
    decoded_ms           BIGINT      NOT NULL DEFAULT 0, -- audio decoded live so far (totalDuration)
    record_id            BIGINT      REFERENCES records (id) ON DELETE SET NULL,
    decoder              TEXT,                          -- the worker node decoding the stream live
    decoder_lease_until  TIMESTAMPTZ,                   -- another node takes the session over after this
    decoder_done_at      TIMESTAMPTZ,                   -- every chunk decoded and cut into pieces
    decoder_attempts     INTEGER     NOT NULL DEFAULT 0, -- decodes started (one more after each crash)
    decoder_error        TEXT,                          -- why live decoding gave up (the record still gets made)
    chunks_deleted_at    TIMESTAMPTZ,                   -- the chunk objects went once the record and the pieces were made
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX live_sessions_owner_idx ON live_sessions (owner_id, created_at DESC, id);
CREATE INDEX live_sessions_recording_idx ON live_sessions (created_at) WHERE status = 'recording';
CREATE INDEX live_sessions_decoding_idx ON live_sessions (decoder_lease_until) WHERE decoder_done_at IS NULL;

-- A chunk's row is written after its bytes are in S3 and before chunk_ack: a row means stored.
CREATE TABLE live_chunks (
    session_id        UUID        NOT NULL REFERENCES live_sessions (id) ON DELETE CASCADE,
    sequence          BIGINT      NOT NULL,
    size_bytes        INTEGER     NOT NULL CHECK (size_bytes > 0),
    client_timestamp  BIGINT,
    received_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, sequence)
);

-- A piece is cut at the same place on every decode of the same stream, so its id is derived from
-- (session, idx) and a decoder re-run after a crash finds the pieces it already cut.
CREATE TABLE live_pieces (
    id              UUID        PRIMARY KEY,
    session_id      UUID        NOT NULL REFERENCES live_sessions (id) ON DELETE CASCADE,
    idx             INTEGER     NOT NULL,
    start_ms        BIGINT      NOT NULL,
    end_ms          BIGINT      NOT NULL,
    status          TEXT        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'transcribing', 'completed', 'failed')),
    transcription   TEXT,
    result          JSONB,                              -- the engine's transcript, times from the session's start
    language        TEXT,                               -- a retranscription's choices (NULL: the session's)
    model           TEXT,
    version         INTEGER     NOT NULL DEFAULT 1,     -- each retranscription is a new version; older jobs stop
    error           TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    transcribed_at  TIMESTAMPTZ,
    UNIQUE (session_id, idx)
);

-- API nodes LISTEN on audiojobs_live_event and tell the client holding the socket: a piece was cut
-- or transcribed ('piece:<session>:<piece>:<status>'), a session ended ('session:<session>'). The
-- session comes first so that a node with no subscriber of it reads nothing.
CREATE OR REPLACE FUNCTION audiojobs_notify_live_piece() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('audiojobs_live_event', 'piece:' || NEW.session_id::text || ':' || NEW.id::text || ':' || NEW.status);
    RETURN NULL;
END
$$;

CREATE TRIGGER audiojobs_live_piece_changed
    AFTER INSERT OR UPDATE OF status ON live_pieces
    FOR EACH ROW
EXECUTE FUNCTION audiojobs_notify_live_piece();

CREATE OR REPLACE FUNCTION audiojobs_notify_live_session() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.status IS DISTINCT FROM NEW.status OR OLD.record_id IS DISTINCT FROM NEW.record_id) THEN
        PERFORM pg_notify('audiojobs_live_event', 'session:' || NEW.id::text);
    END IF;
    -- workers: a session to decode, or one whose end has been decided
    IF TG_OP = 'INSERT' OR OLD.sealed_at IS DISTINCT FROM NEW.sealed_at
            OR OLD.decoder_lease_until IS DISTINCT FROM NEW.decoder_lease_until AND NEW.decoder IS NULL THEN
        PERFORM pg_notify('audiojobs_live_work', NEW.id::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER audiojobs_live_session_changed
    AFTER INSERT OR UPDATE ON live_sessions
    FOR EACH ROW
EXECUTE FUNCTION audiojobs_notify_live_session();

-- The worker decoding a session waits on audiojobs_live_work for its next chunk.
CREATE OR REPLACE FUNCTION audiojobs_notify_live_chunk() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('audiojobs_live_work', NEW.session_id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER audiojobs_live_chunk_stored
    AFTER INSERT ON live_chunks
    FOR EACH ROW
EXECUTE FUNCTION audiojobs_notify_live_chunk();

-- Playback (seed 001): a user's resume point per record, and their bookmarks and A-B loops.

-- One resume point per user and record. "Latest write wins" means the write the database applied
-- last: every write bumps version under the row's lock, so versions are strictly increasing per row
-- and clients compare them to tell the newer state from an older one.
CREATE TABLE playback_positions (
    owner_id            TEXT          NOT NULL,
    record_id           BIGINT        NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    position_ms         BIGINT        NOT NULL CHECK (position_ms >= 0),
    speed               NUMERIC(3, 2) NOT NULL DEFAULT 1.00 CHECK (speed BETWEEN 0.25 AND 4.00),
    version             BIGINT        NOT NULL,
    playback_session_id TEXT,                    -- the player that wrote it, so it can ignore its own echo
    updated_at          TIMESTAMPTZ   NOT NULL DEFAULT now(),
    PRIMARY KEY (owner_id, record_id)
);
CREATE INDEX playback_positions_record_idx ON playback_positions (record_id);

-- The user's other open clients hear of a new resume point through the record's event stream: the
-- same channel as record changes (V6), with a payload API nodes tell apart from a bare record id.
CREATE OR REPLACE FUNCTION audiojobs_notify_playback_changed() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('audiojobs_record_changed', 'playback:' || NEW.record_id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER audiojobs_playback_changed
    AFTER INSERT OR UPDATE ON playback_positions
    FOR EACH ROW
EXECUTE FUNCTION audiojobs_notify_playback_changed();

-- Bookmarks; one with end_ms is an A-B loop from position_ms to end_ms.
CREATE TABLE bookmarks (
    id           BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id     TEXT        NOT NULL,
    record_id    BIGINT      NOT NULL REFERENCES records (id) ON DELETE CASCADE,
    position_ms  BIGINT      NOT NULL CHECK (position_ms >= 0),
    end_ms       BIGINT      CHECK (end_ms IS NULL OR end_ms > position_ms),
    label        TEXT        NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX bookmarks_record_idx ON bookmarks (record_id, owner_id, position_ms);

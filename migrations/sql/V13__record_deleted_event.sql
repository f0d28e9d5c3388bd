-- A deleted record is announced on the same channel, by the same function, as its changes: API nodes
-- then end the event streams of that record (they find it gone) instead of keeping them, and their
-- permits, open for ever. The function names OLD's id for a DELETE (NEW is null there).
CREATE OR REPLACE FUNCTION audiojobs_notify_record_changed() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('audiojobs_record_changed', (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END)::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER audiojobs_record_deleted
    AFTER DELETE ON records
    FOR EACH ROW
EXECUTE FUNCTION audiojobs_notify_record_changed();

-- A deleted record is announced on the same channel as its changes: API nodes then end the event
-- streams of that record (they find it gone) instead of keeping them open, and their permits, for ever.
CREATE OR REPLACE FUNCTION audiojobs_notify_record_deleted() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('audiojobs_record_changed', OLD.id::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER audiojobs_record_deleted
    AFTER DELETE ON records
    FOR EACH ROW
EXECUTE FUNCTION audiojobs_notify_record_deleted();

-- SPEC §7: an upload's bytes are fixed once a record is made of it. A presigned PUT of seed 004 has
-- no If-None-Match, so until it expires a replay can replace the object: the record is bound instead
-- to the object's ETag, taken when the record is made (the HEAD record creation does already), when
-- an upload is completed, or when a direct upload is stored. The convert step then copies the object,
-- only while it still has that ETag, to a key of the record's own that no presigned URL names
-- (records/{id}/original), and sets sealed_at; from then on every reader uses that copy.
ALTER TABLE uploads
    ADD COLUMN etag      TEXT,          -- as S3 reports it, quotes included; NULL: not known (written by the server only)
    ADD COLUMN sealed_at TIMESTAMPTZ;   -- when the record's copy was made

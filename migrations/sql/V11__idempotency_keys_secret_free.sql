-- Idempotency keys kept the first response as it was, and the responses of the upload routes hold
-- presigned URLs (bearer secrets). The API now keeps only the id such a response was made for and
-- signs the URLs again on a replay; this rewrites the responses stored before it into that form.
-- Seed 004's record responses ({id, ..., publicUrl}) keep their record id; upload plans and seed
-- 004's presigned-url answers keep their uploadId.
UPDATE idempotency_keys
SET body = CASE
        WHEN body::jsonb -> 'publicUrl' IS NOT NULL THEN jsonb_build_object('id', body::jsonb -> 'id')::text
        ELSE jsonb_build_object('uploadId', body::jsonb -> 'uploadId')::text
    END
WHERE status BETWEEN 200 AND 299
  AND content_type LIKE 'application/json%'
  AND body LIKE '%X-Amz-%';

-- The recurring purge deletes by age; claims that never got a response are purged sooner.
CREATE INDEX idempotency_keys_unanswered_idx ON idempotency_keys (created_at) WHERE status IS NULL;

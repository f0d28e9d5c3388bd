package io.audiojobs.worker.cleanup;

import io.audiojobs.shared.jobs.CleanupOrphans;
import io.audiojobs.shared.jobs.JobWork;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.shared.storage.UploadedPart;
import io.audiojobs.shared.uploads.Upload;
import io.audiojobs.shared.uploads.UploadDao;
import io.audiojobs.shared.uploads.UploadMethod;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.jobs.context.JobContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The recurring cleanup (seed 004's orphan uploads): uploads that got no record within
 * ORPHAN_UPLOAD_TTL — presigned uploads never finished, multipart uploads left open, direct uploads
 * whose record was never made — become EXPIRED and their bytes leave S3; objects whose deletion
 * failed earlier (a deleted record's files while S3 was down) are deleted again; multipart uploads
 * S3 still holds open past the TTL are aborted. An upload that has a record is never touched: the
 * row is marked EXPIRED first, in one statement that checks no record claims it, and only then are
 * its objects removed.
 */
public final class OrphanCleanupJob implements JobWork<CleanupOrphans> {
    private static final Logger log = LoggerFactory.getLogger(OrphanCleanupJob.class);
    private static final int BATCH = 200;

    /** What one run removed, for the log and the tests. */
    public record Report(int expiredUploads, int deletedObjects, int abortedMultipartUploads) {}

    private final Jdbi jdbi;
    private final ObjectStore store;
    private final Duration ttl;
    private final Clock clock;

    public OrphanCleanupJob(Jdbi jdbi, ObjectStore store, Duration ttl, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public void run(CleanupOrphans request, JobContext context) {
        Report report = cleanUp();
        context.logger().info("orphan cleanup: " + report);
    }

    public Report cleanUp() {
        Instant cutoff = clock.instant().minus(ttl);
        int expired = expireOrphanUploads(cutoff);
        int deleted = retryObjectDeletions();
        int aborted = abortStaleMultipartUploads(cutoff);
        Report report = new Report(expired, deleted, aborted);
        if (expired + deleted + aborted > 0) {
            log.info("orphan cleanup removed {}", report);
        }
        return report;
    }

    private int expireOrphanUploads(Instant cutoff) {
        int expired = 0;
        List<Upload> batch;
        do {
            batch = jdbi.withExtension(UploadDao.class, dao -> dao.findOrphans(cutoff, BATCH));
            for (Upload upload : batch) {
                if (jdbi.withExtension(UploadDao.class, dao -> dao.expireIfOrphan(upload.id())) == 1) {
                    removeBytes(upload);
                    expired++;
                }
            }
        } while (batch.size() == BATCH);
        return expired;
    }

    private void removeBytes(Upload upload) {
        try {
            if (upload.method() == UploadMethod.MULTIPART && upload.multipartId() != null) {
                store.abortMultipart(upload.objectKey(), upload.multipartId());
            }
            store.delete(upload.objectKey());
        } catch (RuntimeException e) {
            log.warn("upload {} expired but its object could not be removed now ({}); retried next run", upload.id(), e.getMessage());
            remember(upload.objectKey());
        }
    }

    private int retryObjectDeletions() {
        List<String> keys = jdbi.withHandle(h -> h.createQuery("SELECT object_key FROM object_deletions ORDER BY created_at LIMIT 1000")
                .mapTo(String.class).list());
        int deleted = 0;
        for (String key : keys) {
            try {
                store.delete(key);
                jdbi.useHandle(h -> h.createUpdate("DELETE FROM object_deletions WHERE object_key = :key").bind("key", key).execute());
                deleted++;
            } catch (RuntimeException e) {
                log.warn("object {} still not deleted ({}); retried next run", key, e.getMessage());
            }
        }
        return deleted;
    }

    private int abortStaleMultipartUploads(Instant cutoff) {
        try {
            List<UploadedPart.Pending> stale = store.multipartUploadsStartedBefore(cutoff);
            for (UploadedPart.Pending pending : stale) {
                store.abortMultipart(pending.key(), pending.multipartId());
            }
            return stale.size();
        } catch (RuntimeException e) {
            log.warn("listing open multipart uploads failed ({}); known uploads were handled above", e.getMessage());
            return 0;
        }
    }

    private void remember(String key) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO object_deletions (object_key) VALUES (:key) ON CONFLICT DO NOTHING")
                .bind("key", key).execute());
    }
}

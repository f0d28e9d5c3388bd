package io.audiojobs.worker.cleanup;

import io.audiojobs.shared.idempotency.IdempotencyKeyDao;
import io.audiojobs.shared.jobs.JobWork;
import io.audiojobs.shared.jobs.PurgeIdempotencyKeys;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.jobs.context.JobContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * The recurring purge of idempotency keys: the API deletes an expired key only when the same key
 * comes again, so without this every key, and the response it keeps, stayed for ever. Deletes in
 * batches so no run holds many row locks at once.
 */
public final class IdempotencyKeyPurge implements JobWork<PurgeIdempotencyKeys> {
    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurge.class);
    private static final int BATCH = 1_000;

    private final Jdbi jdbi;
    private final Clock clock;

    public IdempotencyKeyPurge(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public void run(PurgeIdempotencyKeys request, JobContext context) {
        context.logger().info("idempotency keys purged: " + purge());
    }

    /** Deletes every key past its time; returns how many. */
    public int purge() {
        Instant now = clock.instant();
        Instant keptCutoff = now.minus(IdempotencyKeyDao.KEPT);
        Instant abandonedCutoff = now.minus(IdempotencyKeyDao.ABANDONED);
        int purged = 0;
        int batch;
        do {
            batch = jdbi.withExtension(IdempotencyKeyDao.class, dao -> dao.purge(keptCutoff, abandonedCutoff, BATCH));
            purged += batch;
        } while (batch == BATCH);
        if (purged > 0) {
            log.info("purged {} idempotency keys", purged);
        }
        return purged;
    }
}

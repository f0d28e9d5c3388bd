package io.audiojobs.worker.live;

import io.audiojobs.shared.jobs.JobWork;
import io.audiojobs.shared.live.LiveChunkDao;
import io.audiojobs.shared.live.LiveJobs;
import io.audiojobs.shared.live.LiveKeys;
import io.audiojobs.shared.live.LiveSessionDao;
import io.audiojobs.shared.live.SweepLiveSessions;
import io.audiojobs.shared.storage.ObjectStore;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.jobs.context.JobContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The recurring sweep of live sessions: one that got no chunk for LIVE_IDLE_TIMEOUT (the client went
 * away without stop_session) is stopped and turned into a record; one that was stopped but whose
 * finish job never came (the API died between the two) gets it. Finish jobs have ids derived from the
 * session, so a session is never finished twice. Chunk objects go once the record holds the
 * assembled stream and the live decoder is done with them.
 */
public final class LiveSessionSweeper implements JobWork<SweepLiveSessions> {
    private static final Logger log = LoggerFactory.getLogger(LiveSessionSweeper.class);
    private static final int BATCH = 200;
    /** Leaves the API time to enqueue the finish job of a session it just stopped. */
    private static final Duration FINISH_GRACE = Duration.ofSeconds(30);

    /** What one sweep did. */
    public record Report(int stoppedIdle, int finishRequeued, int chunksDeleted) {}

    private final Jdbi jdbi;
    private final ObjectStore store;
    private final LiveJobs jobs;
    private final Duration idleTimeout;
    private final Clock clock;

    public LiveSessionSweeper(Jdbi jdbi, ObjectStore store, LiveJobs jobs, Duration idleTimeout, Clock clock) {
        this.jdbi = jdbi;
        this.store = store;
        this.jobs = jobs;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    /** How often the sweep runs: a quarter of the idle timeout, between 5 s (JobRunr's floor) and a minute. */
    public static Duration interval(Duration idleTimeout) {
        Duration quarter = idleTimeout.dividedBy(4);
        Duration floor = Duration.ofSeconds(5);
        Duration ceiling = Duration.ofMinutes(1);
        return quarter.compareTo(floor) < 0 ? floor : quarter.compareTo(ceiling) > 0 ? ceiling : quarter;
    }

    @Override
    public void run(SweepLiveSessions request, JobContext context) {
        Report report = sweep();
        if (report.stoppedIdle() + report.finishRequeued() + report.chunksDeleted() > 0) {
            context.logger().info("live sessions: " + report);
        }
    }

    public Report sweep() {
        Instant now = clock.instant();
        List<UUID> idle = jdbi.withExtension(LiveSessionDao.class, dao -> dao.findIdle(now.minus(idleTimeout), BATCH));
        for (UUID id : idle) {
            jdbi.useExtension(LiveSessionDao.class, dao -> dao.requestStop(id, "idle"));
            jobs.finish(id);
            log.info("live session {} got no chunk for {}: stopped", id, idleTimeout);
        }
        List<UUID> stuck = jdbi.withExtension(LiveSessionDao.class,
                dao -> dao.findStoppedUnfinished(now.minus(FINISH_GRACE), BATCH));
        stuck.forEach(jobs::finish);
        List<UUID> done = jdbi.withExtension(LiveSessionDao.class, dao -> dao.findWithChunksToDelete(BATCH));
        done.forEach(this::deleteChunkObjects);
        return new Report(idle.size(), stuck.size(), done.size());
    }

    private void deleteChunkObjects(UUID sessionId) {
        long from = Long.MIN_VALUE;
        List<Long> page;
        while (!(page = pageFrom(sessionId, from)).isEmpty()) {
            for (long sequence : page) {
                store.delete(LiveKeys.chunk(sessionId, sequence)); // a failure leaves the session for the next sweep
            }
            from = page.getLast() + 1;
        }
        jdbi.useExtension(LiveSessionDao.class, dao -> dao.markChunksDeleted(sessionId));
    }

    private List<Long> pageFrom(UUID sessionId, long from) {
        return jdbi.withExtension(LiveChunkDao.class, dao -> dao.sequencesFrom(sessionId, from, BATCH));
    }
}

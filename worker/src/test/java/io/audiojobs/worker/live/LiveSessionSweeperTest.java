package io.audiojobs.worker.live;

import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.live.LiveChunkDao;
import io.audiojobs.shared.live.LiveContainer;
import io.audiojobs.shared.live.LiveJobs;
import io.audiojobs.shared.live.LiveKeys;
import io.audiojobs.shared.live.LiveSession;
import io.audiojobs.shared.live.LiveSessionDao;
import io.audiojobs.shared.storage.S3ObjectStore;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The recurring sweep on real rows and objects: idle sessions stop, finished ones lose their chunk objects. */
class LiveSessionSweeperTest {
    private static final Duration IDLE = Duration.ofMinutes(2);
    private static Database database;
    private static S3ObjectStore store;
    private static StorageProvider jobStorage;
    private static LiveSessionSweeper sweeper;
    private static LiveSessionFinisher finisher;

    @BeforeAll
    static void setUp() {
        AppConfig config = AppConfig.from(new Env(Infrastructure.shared().env()));
        database = Database.open(config.database(), "live-sweep-test");
        store = new S3ObjectStore(config.s3());
        store.ensureBucket();
        jobStorage = JobStorage.open(database.dataSource(), JobStorage.jsonMapper());
        var scheduler = new JobRequestScheduler(jobStorage);
        sweeper = new LiveSessionSweeper(database.jdbi(), store, new LiveJobs(scheduler, 2), IDLE, Clock.systemUTC());
        finisher = new LiveSessionFinisher(database.jdbi(), store, new PipelineJobs(scheduler, 2), Duration.ZERO, 1 << 20, 2,
                Clock.systemUTC());
    }

    @AfterAll
    static void tearDown() {
        jobStorage.close();
        database.close();
    }

    @Test
    void sessions_without_a_chunk_for_the_idle_timeout_are_stopped_and_their_finish_job_enqueued() {
        LiveSession quietSinceLastChunk = start();
        storeChunk(quietSinceLastChunk.id(), 0);
        sql("UPDATE live_chunks SET received_at = now() - interval '3 minutes' WHERE session_id = '" + quietSinceLastChunk.id() + "'");
        LiveSession neverSentAnything = start();
        sql("UPDATE live_sessions SET created_at = now() - interval '3 minutes' WHERE id = '" + neverSentAnything.id() + "'");
        LiveSession active = start();
        storeChunk(active.id(), 0);
        sql("UPDATE live_sessions SET created_at = now() - interval '1 hour' WHERE id = '" + active.id() + "'");

        LiveSessionSweeper.Report report = sweeper.sweep();

        assertThat(report.stoppedIdle()).isGreaterThanOrEqualTo(2);
        for (LiveSession idle : new LiveSession[] {quietSinceLastChunk, neverSentAnything}) {
            LiveSession stopped = reload(idle);
            assertThat(stopped.stopRequestedAt()).as("stopped").isNotNull();
            assertThat(stopped.stopReason()).isEqualTo("idle");
            assertThat(jobStorage.getJobById(LiveJobs.finishJobId(idle.id()))).isNotNull();
        }
        assertThat(reload(active).stopRequestedAt()).as("a chunk a moment ago: still recording").isNull();
    }

    @Test
    void chunk_objects_go_once_the_record_has_the_stream_and_the_decoder_is_done() throws Exception {
        LiveSession session = start();
        storeChunk(session.id(), 0);
        storeChunk(session.id(), 1);
        database.jdbi().useExtension(LiveSessionDao.class, dao -> dao.requestStop(session.id(), "client"));
        assertThat(finisher.finish(session.id())).isPresent();
        sweeper.sweep();
        assertThat(store.head(LiveKeys.chunk(session.id(), 0))).as("the decoder may still read them").isPresent();

        sql("UPDATE live_sessions SET decoder_done_at = now() WHERE id = '" + session.id() + "'");
        assertThat(sweeper.sweep().chunksDeleted()).isGreaterThanOrEqualTo(1);
        assertThat(store.head(LiveKeys.chunk(session.id(), 0))).isEmpty();
        assertThat(store.head(LiveKeys.chunk(session.id(), 1))).isEmpty();
        assertThat(store.head(LiveKeys.assembled(session.id(), LiveContainer.WAV))).as("the record's audio stays").isPresent();
    }

    @Test
    void the_sweep_runs_four_times_per_idle_timeout_between_5_s_and_a_minute() {
        assertThat(LiveSessionSweeper.interval(Duration.ofMinutes(2))).isEqualTo(Duration.ofSeconds(30));
        assertThat(LiveSessionSweeper.interval(Duration.ofSeconds(8))).isEqualTo(Duration.ofSeconds(5));
        assertThat(LiveSessionSweeper.interval(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(1));
    }

    private static LiveSession start() {
        return database.jdbi().withExtension(LiveSessionDao.class, dao -> dao.start(UUID.randomUUID(), "user-" + UUID.randomUUID(),
                "sweep", null, null, LiveContainer.WAV.contentType(), 5)).orElseThrow();
    }

    private static void storeChunk(UUID session, long sequence) {
        byte[] bytes = ("chunk " + sequence).getBytes();
        store.putBytes(LiveKeys.chunk(session, sequence), "application/octet-stream", bytes);
        database.jdbi().useHandle(h -> LiveChunkDao.insert(h, session, sequence, bytes.length, null));
    }

    private static LiveSession reload(LiveSession session) {
        return database.jdbi().withExtension(LiveSessionDao.class, dao -> dao.find(session.id())).orElseThrow();
    }

    private static void sql(String statement) {
        database.jdbi().useHandle(h -> h.execute(statement));
    }
}

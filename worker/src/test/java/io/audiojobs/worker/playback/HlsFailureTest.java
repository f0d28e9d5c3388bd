package io.audiojobs.worker.playback;

import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.playback.HlsJobs;
import io.audiojobs.shared.playback.HlsLayout;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordStatus;
import io.audiojobs.shared.renditions.Rendition;
import io.audiojobs.shared.renditions.RenditionDao;
import io.audiojobs.shared.renditions.RenditionKind;
import io.audiojobs.shared.storage.S3ObjectStore;
import io.audiojobs.worker.WorkerNode;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.StateName;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Seed 001's "FFmpeg failure -> retry, then serve the original": a worker whose ffmpeg fails only
 * when asked for HLS. The record still completes with its MP3; the HLS job is retried, then fails
 * on its own.
 */
class HlsFailureTest {
    private static Database database;
    private static S3ObjectStore store;
    private static StorageProvider storage;
    private static WorkerNode worker;
    private static HlsRecords records;

    @TempDir
    Path dir;

    @BeforeAll
    static void startWorkerWhoseFfmpegFailsForHls(@TempDir Path workDir) throws Exception {
        Path ffmpeg = workDir.resolve("ffmpeg-without-hls");
        Files.writeString(ffmpeg, """
                #!/bin/sh
                for arg in "$@"; do
                  if [ "$arg" = "hls" ]; then echo "simulated failure: no HLS today" >&2; exit 1; fi
                done
                exec ffmpeg "$@"
                """);
        Files.setPosixFilePermissions(ffmpeg, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = new HashMap<>(Infrastructure.shared().env());
        env.put("FFMPEG_PATH", ffmpeg.toString());
        env.put("RETRY_ATTEMPTS", "2");
        env.put("RETRY_BASE_SECONDS", "1");
        env.put("WORKER_THREADS", "2");
        env.put("WORK_DIR", workDir.resolve("work").toString());
        env.put("VOSK_MODEL_PATH", System.getenv("VOSK_MODEL_PATH"));
        AppConfig config = AppConfig.from(new Env(env));
        database = Database.open(config.database(), "hls-failure-test");
        store = new S3ObjectStore(config.s3());
        store.ensureBucket();
        var jsonMapper = JobStorage.jsonMapper();
        storage = JobStorage.open(database.dataSource(), jsonMapper);
        records = new HlsRecords(database, store,
                new PipelineJobs(new JobRequestScheduler(storage), config.retry().retriesAfterFirst()));
        worker = new WorkerNode(config, database.jdbi(), store, storage, jsonMapper).start();
    }

    @AfterAll
    static void stopWorker() {
        worker.close();
        storage.close();
        database.close();
    }

    @Test
    void an_hls_failure_is_retried_then_given_up_while_the_record_completes_with_its_mp3() throws Exception {
        Record record = records.queued(dir, 3);

        Record done = records.awaitFinal(record.id());
        assertThat(done.status()).as(done.failedReason()).isEqualTo(RecordStatus.COMPLETED);
        Optional<Rendition> mp3 = database.jdbi().withExtension(RenditionDao.class, dao -> dao.find(record.id(), RenditionKind.MP3));
        assertThat(mp3).isPresent();

        Job hlsJob = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> storage.getJobById(HlsJobs.jobId(record.jobId())), job -> job.getState() == StateName.FAILED);
        assertThat(hlsJob.getJobStates().stream().filter(FailedState.class::isInstance).count()).as("attempts").isEqualTo(2);
        assertThat(((FailedState) hlsJob.getJobState()).getExceptionMessage()).contains("to HLS");
        assertThat(records.hls(record.id())).isEmpty();
        assertThat(store.list(HlsLayout.prefix(record.id()))).isEmpty();
        assertThat(records.awaitFinal(record.id()).status()).as("still").isEqualTo(RecordStatus.COMPLETED);
    }
}

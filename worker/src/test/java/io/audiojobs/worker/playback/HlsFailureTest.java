package io.audiojobs.worker.playback;

import io.audiojobs.shared.playback.HlsJobs;
import io.audiojobs.shared.playback.HlsLayout;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordStatus;
import io.audiojobs.shared.renditions.Rendition;
import io.audiojobs.shared.renditions.RenditionDao;
import io.audiojobs.shared.renditions.RenditionKind;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.states.FailedState;
import org.jobrunr.jobs.states.StateName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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
    private static HlsWorker worker;
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
        worker = new HlsWorker(workDir.resolve("work"), Map.of("FFMPEG_PATH", ffmpeg.toString()));
        records = worker.records;
    }

    @AfterAll
    static void stopWorker() {
        worker.close();
    }

    @Test
    void an_hls_failure_is_retried_then_given_up_while_the_record_completes_with_its_mp3() throws Exception {
        Record record = records.queued(dir, 3);

        Record done = records.awaitFinal(record.id());
        assertThat(done.status()).as(done.failedReason()).isEqualTo(RecordStatus.COMPLETED);
        Optional<Rendition> mp3 = worker.database.jdbi().withExtension(RenditionDao.class, dao -> dao.find(record.id(), RenditionKind.MP3));
        assertThat(mp3).isPresent();

        Job hlsJob = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> worker.storage.getJobById(HlsJobs.jobId(record.jobId())), job -> job.getState() == StateName.FAILED);
        assertThat(hlsJob.getJobStates().stream().filter(FailedState.class::isInstance).count()).as("attempts").isEqualTo(2);
        assertThat(((FailedState) hlsJob.getJobState()).getExceptionMessage()).contains("to HLS");
        assertThat(records.hls(record.id())).isEmpty();
        assertThat(worker.store.list(HlsLayout.prefix(record.id()))).isEmpty();
        assertThat(records.awaitFinal(record.id()).status()).as("still").isEqualTo(RecordStatus.COMPLETED);
    }
}

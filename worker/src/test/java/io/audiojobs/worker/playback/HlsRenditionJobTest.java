package io.audiojobs.worker.playback;

import io.audiojobs.shared.playback.HlsLayout;
import io.audiojobs.shared.playback.MakeHls;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordDao;
import io.audiojobs.shared.records.RecordStatus;
import io.audiojobs.shared.renditions.Rendition;
import io.audiojobs.shared.storage.S3ObjectStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jobrunr.scheduling.JobBuilder.aJob;

/** The HLS job run by a real worker node beside the pipeline: JobRunr on PostgreSQL, S3Proxy, ffmpeg. */
class HlsRenditionJobTest {
    private static HlsWorker worker;
    private static S3ObjectStore store;
    private static HlsRecords records;

    @TempDir
    Path dir;

    @BeforeAll
    static void startWorker(@TempDir Path workDir) {
        worker = new HlsWorker(workDir, Map.of());
        store = worker.store;
        records = worker.records;
    }

    @AfterAll
    static void stopWorker() {
        worker.close();
    }

    @Test
    void a_converted_record_gets_a_master_two_variant_playlists_and_their_segments_in_storage() throws Exception {
        Record record = records.queued(dir, 14);

        assertThat(records.awaitFinal(record.id()).status()).isEqualTo(RecordStatus.COMPLETED);
        Rendition hls = await().atMost(Duration.ofSeconds(60)).until(() -> records.hls(record.id()), java.util.Optional::isPresent)
                .orElseThrow();

        assertThat(hls.objectKey()).isEqualTo(HlsLayout.masterKey(record.id()));
        assertThat(hls.contentType()).isEqualTo(HlsLayout.PLAYLIST_TYPE);
        List<String> keys = store.list(HlsLayout.prefix(record.id()));
        String prefix = HlsLayout.prefix(record.id());
        // 14 s in segments of about 6 s: three per variant
        assertThat(keys).containsExactlyInAnyOrder(prefix + "master.m3u8",
                prefix + "low/index.m3u8", prefix + "low/seg00000.ts", prefix + "low/seg00001.ts", prefix + "low/seg00002.ts",
                prefix + "high/index.m3u8", prefix + "high/seg00000.ts", prefix + "high/seg00001.ts", prefix + "high/seg00002.ts");
        long stored = keys.stream().mapToLong(k -> store.head(k).orElseThrow().sizeBytes()).sum();
        assertThat(hls.sizeBytes()).isEqualTo(stored);
        assertThat(store.head(prefix + "low/seg00000.ts").orElseThrow().contentType()).isEqualTo(HlsLayout.SEGMENT_TYPE);
    }

    @Test
    void a_rerun_replaces_the_rendition_and_removes_what_the_last_run_left_that_this_one_did_not_write() throws Exception {
        Record record = records.queued(dir, 4);
        records.awaitFinal(record.id());
        await().atMost(Duration.ofSeconds(60)).until(() -> records.hls(record.id()).isPresent());
        String prefix = HlsLayout.prefix(record.id());
        Path stale = Files.writeString(dir.resolve("stale.ts"), "left by an older run");
        store.putFile(prefix + "low/seg00007.ts", stale, HlsLayout.SEGMENT_TYPE);
        store.putFile(prefix + "medium/index.m3u8", stale, HlsLayout.PLAYLIST_TYPE);
        var before = records.hls(record.id()).orElseThrow();

        worker.scheduler.create(aJob().withId(UUID.randomUUID()).withName("hls again").withJobRequest(new MakeHls(record.id())));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(store.list(prefix))
                .doesNotContain(prefix + "low/seg00007.ts", prefix + "medium/index.m3u8")
                .contains(prefix + "master.m3u8", prefix + "low/seg00000.ts", prefix + "high/seg00000.ts"));
        assertThat(records.hls(record.id()).orElseThrow().createdAt()).isAfterOrEqualTo(before.createdAt());
    }

    @Test
    void a_record_deleted_before_its_hls_job_runs_keeps_nothing_in_storage() throws Exception {
        Path wav = HlsRecords.tone(dir.resolve("gone.wav"), 2);
        String key = "uploads/" + UUID.randomUUID() + ".wav";
        store.putFile(key, wav, "audio/wav");
        Record record = records.row(key, Files.size(wav));
        String prefix = HlsLayout.prefix(record.id());
        store.putFile(prefix + "low/seg00000.ts", wav, HlsLayout.SEGMENT_TYPE); // as if a run had stored it before the delete
        worker.database.jdbi().useExtension(RecordDao.class, dao -> dao.delete(record.id()));

        UUID job = UUID.randomUUID();
        worker.scheduler.create(aJob().withId(job).withName("hls of a deleted record")
                .withJobRequest(new MakeHls(record.id())));

        await().atMost(Duration.ofSeconds(60)).until(() -> worker.storage.getJobById(job).getState().name().equals("SUCCEEDED"));
        assertThat(store.list(prefix)).isEmpty();
    }
}

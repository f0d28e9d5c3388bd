package io.audiojobs.worker.live;

import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.jobs.PipelineJobs;
import io.audiojobs.shared.live.LiveChunkDao;
import io.audiojobs.shared.live.LiveContainer;
import io.audiojobs.shared.live.LiveKeys;
import io.audiojobs.shared.live.LiveSession;
import io.audiojobs.shared.live.LiveSessionDao;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordDao;
import io.audiojobs.shared.storage.S3ObjectStore;
import io.audiojobs.shared.uploads.Upload;
import io.audiojobs.shared.uploads.UploadDao;
import io.audiojobs.worker.convert.AudioFacts;
import io.audiojobs.worker.convert.FfmpegTranscoder;
import io.audiojobs.worker.testing.LiveStreams;
import io.audiojobs.worker.testing.SpeechFixtures;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.storage.StorageProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stopped session becomes a record: real browser containers cut as MediaRecorder cuts them, stored
 * out of order in real S3 and PostgreSQL, assembled in sequence order into an upload ffmpeg decodes.
 */
class LiveSessionFinisherTest {
    private static Database database;
    private static S3ObjectStore store;
    private static StorageProvider jobStorage;
    private static LiveSessionFinisher finisher;
    private static SpeechFixtures.Recording speech;

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        AppConfig config = AppConfig.from(new Env(Infrastructure.shared().env()));
        database = Database.open(config.database(), "live-finish-test");
        store = new S3ObjectStore(config.s3());
        store.ensureBucket();
        jobStorage = JobStorage.open(database.dataSource(), JobStorage.jsonMapper());
        var pipeline = new PipelineJobs(new JobRequestScheduler(jobStorage), 2);
        finisher = new LiveSessionFinisher(database.jdbi(), store, pipeline, Duration.ofSeconds(1), 64L << 20, 2,
                Clock.systemUTC());
        speech = SpeechFixtures.recording(dir.resolve("speech.wav"), SpeechFixtures.script(0, 3), Duration.ofMillis(700));
    }

    @AfterAll
    static void tearDown() {
        jobStorage.close();
        database.close();
    }

    @ParameterizedTest
    @EnumSource(LiveContainer.class)
    void chunks_stored_out_of_order_are_assembled_in_sequence_into_the_records_decodable_upload(LiveContainer container)
            throws Exception {
        byte[] stream = LiveStreams.encode(speech.wav(), container);
        List<byte[]> slices = LiveStreams.slices(stream, speech.durationMs(), 1000, container.ordinal());
        assertThat(slices.size()).isGreaterThan(5);
        String user = "user-" + UUID.randomUUID();
        LiveSession session = start(user, container);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < slices.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(42));
        for (int i : order) {
            storeChunk(session.id(), 100 + i, slices.get(i)); // sequences start where the client chose: 100
        }
        database.jdbi().useExtension(LiveSessionDao.class, dao -> dao.requestStop(session.id(), "client"));

        Optional<Long> recordId = finisher.finish(session.id());

        assertThat(recordId).isPresent();
        Record record = database.jdbi().withExtension(RecordDao.class, dao -> dao.find(recordId.get())).orElseThrow();
        assertThat(record.ownerId()).isEqualTo(user);
        assertThat(record.title()).isEqualTo("live test");
        assertThat(record.language()).isEqualTo("en");
        Upload upload = database.jdbi().withExtension(UploadDao.class, dao -> dao.find(record.uploadId())).orElseThrow();
        assertThat(upload.objectKey()).isEqualTo(LiveKeys.assembled(session.id(), container));
        assertThat(upload.contentType()).isEqualTo(container.contentType());
        assertThat(upload.sizeBytes()).isEqualTo(stream.length);
        assertThat(upload.etag()).as("bound to the assembled object's version, as convert seals it").isEqualTo(store.head(upload.objectKey()).orElseThrow().etag());
        Path assembled = dir.resolve("assembled-" + container + "." + container.extension());
        store.download(upload.objectKey(), assembled);
        assertThat(Files.readAllBytes(assembled)).as("the stream, byte for byte, in sequence order").isEqualTo(stream);

        var transcoder = new FfmpegTranscoder("ffmpeg", "ffprobe", Duration.ofHours(4),
                new io.audiojobs.worker.media.ToolTimeLimit(Duration.ofMinutes(1), 0.5));
        AudioFacts facts = transcoder.probe(assembled);
        long decoded = transcoder.toNormalizedWav(assembled, facts, dir.resolve("decoded-" + container + ".wav"));
        assertThat(decoded).as("decoded length of the " + container + " stream").isCloseTo(speech.durationMs(),
                org.assertj.core.data.Offset.offset(150L));

        LiveSession finished = session(session.id());
        assertThat(finished.status()).isEqualTo(LiveSession.COMPLETED);
        assertThat(finished.recordId()).isEqualTo(recordId.get());
        assertThat(finished.sealedAt()).isNotNull();
        assertThat(finished.endedAt()).isNotNull();
        assertThat(finisher.finish(session.id())).as("a second run finds the record made").isEqualTo(recordId);
        assertThat(uploadsOf(user)).isEqualTo(1);
    }

    @Test
    void a_session_that_received_nothing_fails_without_a_record() throws Exception {
        String user = "user-" + UUID.randomUUID();
        LiveSession session = start(user, LiveContainer.WEBM);
        database.jdbi().useExtension(LiveSessionDao.class, dao -> dao.requestStop(session.id(), "idle"));
        assertThat(finisher.finish(session.id())).isEmpty();
        LiveSession failed = session(session.id());
        assertThat(failed.status()).isEqualTo(LiveSession.FAILED);
        assertThat(failed.failedReason()).contains("No audio");
        assertThat(uploadsOf(user)).isZero();
    }

    @Test
    void a_missing_chunk_is_waited_for_during_the_grace_and_the_rest_assembled_without_it() throws Exception {
        LiveSession session = start("user-" + UUID.randomUUID(), LiveContainer.WAV);
        storeChunk(session.id(), 0, "first-".getBytes());
        storeChunk(session.id(), 2, "third".getBytes());
        database.jdbi().useExtension(LiveSessionDao.class, dao -> dao.requestStop(session.id(), "client"));
        long started = System.nanoTime();
        Long recordId = finisher.finish(session.id()).orElseThrow();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        Upload upload = database.jdbi().withHandle(h -> UploadDao.find(h,
                RecordDao.find(h, recordId).orElseThrow().uploadId())).orElseThrow();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var in = store.read(upload.objectKey())) {
            in.transferTo(bytes);
        }
        assertThat(bytes.toString()).isEqualTo("first-third");
        LiveChunkDao.Stored late = database.jdbi().withHandle(h -> LiveChunkDao.insert(h, session.id(), 1, 3, null));
        assertThat(late).as("a chunk after the seal is refused").isEqualTo(LiveChunkDao.Stored.SESSION_SEALED);
    }

    private static LiveSession start(String user, LiveContainer container) {
        return database.jdbi().withExtension(LiveSessionDao.class, dao -> dao.start(UUID.randomUUID(), user, "live test", "en",
                null, container.contentType(), 10)).orElseThrow();
    }

    private static void storeChunk(UUID session, long sequence, byte[] bytes) {
        store.putBytes(LiveKeys.chunk(session, sequence), "application/octet-stream", bytes);
        LiveChunkDao.Stored stored = database.jdbi().withHandle(h -> LiveChunkDao.insert(h, session, sequence, bytes.length, null));
        assertThat(stored).isEqualTo(LiveChunkDao.Stored.NEW);
    }

    private static LiveSession session(UUID id) {
        return database.jdbi().withExtension(LiveSessionDao.class, dao -> dao.find(id)).orElseThrow();
    }

    private static int uploadsOf(String user) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM uploads WHERE owner_id = :u")
                .bind("u", user).mapTo(Integer.class).one());
    }
}

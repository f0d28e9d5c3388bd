package io.audiojobs.worker.cleanup;

import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.CleanupOrphans;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.records.NewRecord;
import io.audiojobs.shared.records.RecordDao;
import io.audiojobs.shared.storage.S3ObjectStore;
import io.audiojobs.shared.uploads.Upload;
import io.audiojobs.shared.uploads.UploadDao;
import io.audiojobs.shared.uploads.UploadMethod;
import io.audiojobs.shared.uploads.UploadStatus;
import io.audiojobs.worker.WorkerNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The orphan cleanup on real S3 objects and real upload rows. */
class OrphanCleanupTest {
    private static final Duration TTL = Duration.ofMinutes(10);
    private static AppConfig config;
    private static Database database;
    private static S3ObjectStore store;

    @BeforeAll
    static void setUp() {
        config = AppConfig.from(new Env(Infrastructure.shared().env()));
        database = Database.open(config.database(), "cleanup-test");
        store = new S3ObjectStore(config.s3());
        store.ensureBucket();
    }

    @AfterAll
    static void tearDown() {
        database.close();
    }

    /** A cleanup that runs "later": every upload made now is past the TTL. */
    private static OrphanCleanupJob later() {
        return new OrphanCleanupJob(database.jdbi(), store, TTL, Clock.offset(Clock.systemUTC(), TTL.multipliedBy(2)));
    }

    @Test
    void abandoned_uploads_expire_and_their_objects_and_open_multipart_uploads_leave_s3() throws Exception {
        Upload neverSent = upload(UploadMethod.PUT, UploadStatus.PENDING, null);
        Upload sentNoRecord = upload(UploadMethod.PUT, UploadStatus.PENDING, null);
        store.putStream(sentNoRecord.objectKey(), "audio/wav", new ByteArrayInputStream(new byte[1000]), 10_000);
        String multipartKey = "uploads/" + UUID.randomUUID() + ".wav";
        String multipartId = store.startMultipart(multipartKey, "audio/wav");
        putPart(multipartKey, multipartId);
        Upload openMultipart = upload(UploadMethod.MULTIPART, UploadStatus.PENDING, multipartKey, multipartId);
        assertThat(store.listParts(multipartKey, multipartId)).hasSize(1);

        later().cleanUp();

        for (Upload u : new Upload[] {neverSent, sentNoRecord, openMultipart}) {
            assertThat(reload(u).status()).as("upload %d", u.id()).isEqualTo(UploadStatus.EXPIRED);
        }
        assertThat(store.head(sentNoRecord.objectKey())).isEmpty();
        assertThat(store.listParts(multipartKey, multipartId)).as("multipart upload aborted").isEmpty();
    }

    @Test
    void an_upload_with_a_record_and_a_recent_upload_are_never_touched() throws Exception {
        Upload used = upload(UploadMethod.DIRECT, UploadStatus.UPLOADED, null);
        store.putStream(used.objectKey(), "audio/wav", new ByteArrayInputStream(new byte[100]), 10_000);
        database.jdbi().useExtension(RecordDao.class, dao -> dao.create(used.ownerId(),
                new NewRecord("kept", used.id(), null, null, null, false, null), UUID.randomUUID()).orElseThrow());
        Upload recent = upload(UploadMethod.PUT, UploadStatus.PENDING, null);

        new OrphanCleanupJob(database.jdbi(), store, TTL, Clock.systemUTC()).cleanUp();
        assertThat(reload(recent).status()).isEqualTo(UploadStatus.PENDING);

        later().cleanUp();
        assertThat(reload(used).status()).isEqualTo(UploadStatus.UPLOADED);
        assertThat(store.head(used.objectKey())).isPresent();
    }

    @Test
    void objects_whose_deletion_failed_earlier_are_deleted_on_the_next_run() {
        String key = "records/999999/audio.mp3";
        store.putStream(key, "audio/mpeg", new ByteArrayInputStream(new byte[10]), 100);
        database.jdbi().useHandle(h -> h.execute("INSERT INTO object_deletions (object_key) VALUES (?)", key));

        later().cleanUp();

        assertThat(store.head(key)).isEmpty();
        int left = database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM object_deletions WHERE object_key = :k")
                .bind("k", key).mapTo(Integer.class).one());
        assertThat(left).isZero();
    }

    @Test
    void every_worker_registers_the_cleanup_but_it_exists_once_in_the_cluster() {
        Map<String, String> env = new HashMap<>(Infrastructure.shared().env());
        env.put("JOB_WAKEUP", "off");
        AppConfig workerConfig = AppConfig.from(new Env(env));
        var jsonMapper = JobStorage.jsonMapper();
        var storage = JobStorage.open(database.dataSource(), jsonMapper);
        try (var first = new WorkerNode(workerConfig, database.jdbi(), store, storage, jsonMapper).start();
             var second = new WorkerNode(workerConfig, database.jdbi(), store, storage, jsonMapper).start()) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> first.isReady() && second.isReady());
            int recurring = database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM jobrunr_recurring_jobs WHERE id = :id")
                    .bind("id", CleanupOrphans.RECURRING_ID).mapTo(Integer.class).one());
            assertThat(recurring).isEqualTo(1);
        } finally {
            storage.close();
        }
    }

    private void putPart(String key, String multipartId) throws Exception {
        var url = store.presignPart(key, multipartId, 1, 5 * 1024 * 1024, Duration.ofMinutes(5)).url();
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[5 * 1024 * 1024])).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private Upload upload(UploadMethod method, UploadStatus status, String key) {
        return upload(method, status, key == null ? "uploads/" + UUID.randomUUID() + ".wav" : key, null);
    }

    private Upload upload(UploadMethod method, UploadStatus status, String key, String multipartId) {
        return database.jdbi().withExtension(UploadDao.class, dao -> dao.insert("cleanup-" + UUID.randomUUID(), key, "a.wav",
                "audio/wav", 1000, null, method, multipartId, multipartId == null ? null : 5L << 20, status, null,
                Instant.now(), null));
    }

    private Upload reload(Upload upload) {
        return database.jdbi().withExtension(UploadDao.class, dao -> dao.find(upload.id())).orElseThrow();
    }
}

package io.audiojobs.worker.cleanup;

import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.jobs.PurgeIdempotencyKeys;
import io.audiojobs.shared.storage.S3ObjectStore;
import io.audiojobs.worker.WorkerNode;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The recurring purge of idempotency keys, on real PostgreSQL rows. */
class IdempotencyKeyPurgeTest {
    private static AppConfig config;
    private static Database database;

    @BeforeAll
    static void setUp() {
        config = AppConfig.from(new Env(Infrastructure.shared().env()));
        database = Database.open(config.database(), "idempotency-purge-test");
    }

    @AfterAll
    static void tearDown() {
        database.close();
    }

    @Test
    void keys_past_24_hours_and_claims_abandoned_for_an_hour_are_purged_and_the_rest_kept() {
        String user = "purge-" + UUID.randomUUID();
        key(user, "old", "25 hours", 201);
        key(user, "old-unanswered", "2 hours", null);
        key(user, "recent", "23 hours", 201);
        key(user, "running", "1 minute", null);

        int purged = new IdempotencyKeyPurge(database.jdbi(), Clock.systemUTC()).purge();

        assertThat(purged).isGreaterThanOrEqualTo(2);
        assertThat(keysOf(user)).containsExactlyInAnyOrder("recent", "running");
    }

    @Test
    void the_purge_runs_as_a_recurring_job_that_exists_once_in_the_cluster_and_purges() {
        String user = "purge-" + UUID.randomUUID();
        key(user, "old", "30 hours", 200);
        Map<String, String> env = new HashMap<>(Infrastructure.shared().env());
        env.put("JOB_WAKEUP", "off");
        AppConfig workerConfig = AppConfig.from(new Env(env));
        var jsonMapper = JobStorage.jsonMapper();
        var storage = JobStorage.open(database.dataSource(), jsonMapper);
        var store = new S3ObjectStore(config.s3());
        try (var first = new WorkerNode(workerConfig, database.jdbi(), store, storage, jsonMapper).start();
             var second = new WorkerNode(workerConfig, database.jdbi(), store, storage, jsonMapper).start()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> first.isReady() && second.isReady());
            int recurring = database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM jobrunr_recurring_jobs WHERE id = :id")
                    .bind("id", PurgeIdempotencyKeys.RECURRING_ID).mapTo(Integer.class).one());
            assertThat(recurring).isEqualTo(1);

            new JobRequestScheduler(storage).enqueue(new PurgeIdempotencyKeys()); // what the recurring job enqueues
            await().atMost(Duration.ofSeconds(30)).until(() -> keysOf(user).isEmpty());
        } finally {
            storage.close();
        }
    }

    private void key(String user, String key, String age, Integer status) {
        database.jdbi().useHandle(h -> h.createUpdate("""
                        INSERT INTO idempotency_keys (owner_id, key, request_hash, status, content_type, body, created_at)
                        VALUES (:u, :k, 'hash', :status, 'application/json', '{"uploadId":1}', now() - CAST(:age AS interval))""")
                .bind("u", user).bind("k", key).bind("status", status).bind("age", age).execute());
    }

    private List<String> keysOf(String user) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT key FROM idempotency_keys WHERE owner_id = :u")
                .bind("u", user).mapTo(String.class).list());
    }
}

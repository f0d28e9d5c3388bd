package io.audiojobs.api.apikeys;

import io.audiojobs.api.ApiHarness;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys against the real database: found by hash, refused once revoked, last use written sparingly. */
class ApiKeyAuthenticatorTest {
    private final Jdbi jdbi = ApiHarness.shared().database().jdbi();
    private final ApiKeys keys = new ApiKeys(jdbi);
    private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(jdbi);

    @Test
    void a_key_names_its_owner_until_it_is_revoked() {
        String user = ApiHarness.newUser();
        ApiKeys.Created created = keys.create(user, "ci");
        assertThat(ApiKeyAuthenticator.isApiKey(created.secret())).isTrue();
        assertThat(authenticator.userOf(created.secret())).contains(user);

        keys.revoke(user, created.key().id());
        assertThat(authenticator.userOf(created.secret())).isEmpty();
    }

    @Test
    void only_the_hash_is_stored() {
        ApiKeys.Created created = keys.create(ApiHarness.newUser(), "ci");
        String stored = jdbi.withHandle(h -> h.createQuery("SELECT row_to_json(k)::text FROM api_keys k WHERE id = :id")
                .bind("id", created.key().id()).mapTo(String.class).one());
        assertThat(stored).doesNotContain(created.secret().substring(ApiKeys.PREFIX.length()));
    }

    @Test
    void unknown_and_malformed_keys_name_nobody() {
        assertThat(authenticator.userOf("aj_short")).isEmpty();
        assertThat(authenticator.userOf(ApiKeys.newSecret())).isEmpty();
    }

    @Test
    void last_use_is_written_at_most_once_a_minute() {
        String user = ApiHarness.newUser();
        ApiKeys.Created created = keys.create(user, "ci");
        assertThat(keys.list(user).getFirst().lastUsedAt()).isNull();

        authenticator.userOf(created.secret());
        Instant first = keys.list(user).getFirst().lastUsedAt();
        assertThat(first).isNotNull();
        authenticator.userOf(created.secret());
        assertThat(keys.list(user).getFirst().lastUsedAt()).as("not written again within the minute").isEqualTo(first);

        Instant twoMinutesAgo = Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        jdbi.useHandle(h -> h.createUpdate("UPDATE api_keys SET last_used_at = :t WHERE id = :id")
                .bind("t", twoMinutesAgo).bind("id", created.key().id()).execute());
        authenticator.userOf(created.secret());
        assertThat(keys.list(user).getFirst().lastUsedAt()).isAfter(twoMinutesAgo.plusSeconds(60));
    }

    @Test
    void a_user_has_at_most_a_hundred_keys_however_many_are_created_at_once() throws Exception {
        String user = ApiHarness.newUser();
        for (int i = 0; i < ApiKeys.MAX_PER_USER - 20; i++) {
            keys.create(user, "key " + i);
        }
        var start = new java.util.concurrent.CountDownLatch(1);
        var created = new java.util.concurrent.atomic.AtomicInteger();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(40)) {
            for (int i = 0; i < 60; i++) {
                int n = i;
                pool.submit(() -> {
                    start.await();
                    try {
                        keys.create(user, "racing " + n);
                        created.incrementAndGet();
                    } catch (RuntimeException refused) {
                        // the limit: expected for all but 20
                    }
                    return null;
                });
            }
            start.countDown();
        }
        assertThat(created).as("created of 60 sent at once").hasValue(20);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> keys.create(user, "one more"))
                .hasMessageContaining("revoke one");
        assertThat(keys.list(user)).hasSize(ApiKeys.MAX_PER_USER);
    }
}

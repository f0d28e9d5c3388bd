package io.audiojobs.api.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.api.ApiHarness;
import io.audiojobs.api.Tokens;
import io.audiojobs.shared.live.LiveKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The live WebSocket protocol (SPEC §6) against the real API, PostgreSQL and S3. */
class LiveSocketTest {
    private static final String WEBM = "audio/webm;codecs=opus";
    private static ApiHarness api;
    private static ApiHarness tight;

    @BeforeAll
    static void start() {
        api = ApiHarness.shared();
        tight = ApiHarness.custom(Map.of("LIVE_MAX_CHUNKS_PER_SECOND", "2", "LIVE_MAX_SESSIONS_PER_USER", "1",
                "LIVE_MAX_CHUNK_BYTES", "4KiB"));
    }

    @AfterAll
    static void stop() {
        tight.stop();
    }

    @Test
    void a_bad_token_in_the_query_gets_unauthorized_and_a_policy_violation_close() {
        try (LiveClient client = LiveClient.connect(api.port(), "not-a-jwt")) {
            assertThat(client.next("error").get("code").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(client.awaitClose(Duration.ofSeconds(5)).status()).isEqualTo(1008);
        }
    }

    @Test
    void an_expired_token_in_the_first_message_gets_unauthorized_and_a_close() {
        String expired = Tokens.sign(ApiHarness.newUser(), ApiHarness.SECRET, Duration.ofMinutes(-5));
        try (LiveClient client = LiveClient.connect(api.port(), null)) {
            client.send(Map.of("type", "auth", "token", expired));
            assertThat(client.next("error").get("code").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(client.awaitClose(Duration.ofSeconds(5)).status()).isEqualTo(1008);
        }
    }

    @Test
    void any_message_before_authentication_is_refused_with_a_close() {
        try (LiveClient client = LiveClient.connect(api.port(), null)) {
            client.send(Map.of("type", "start_session", "mimeType", WEBM));
            assertThat(client.next("error").get("code").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(client.awaitClose(Duration.ofSeconds(5)).status()).isEqualTo(1008);
        }
    }

    @Test
    void a_socket_whose_api_key_is_revoked_or_whose_token_expires_is_closed_at_the_next_check() {
        String user = ApiHarness.newUser();
        JsonNode created = api.postJson(user, "/api/v1/api-keys", Map.of("name", "live recorder")).json();
        // expired 27 s ago: still taken within AUTH_CLOCK_SKEW (30 s) when the socket opens, refused 3 s later
        String shortLived = Tokens.sign(user, ApiHarness.SECRET, Duration.ofSeconds(-27));
        try (LiveClient byKey = LiveClient.connect(api.port(), created.get("key").asText());
             LiveClient byJwt = LiveClient.connect(api.port(), shortLived)) {
            byKey.next("authenticated");
            byJwt.next("authenticated");
            byKey.start(WEBM);
            assertThat(api.delete(user, "/api/v1/api-keys/" + created.get("id").asLong()).status()).isEqualTo(204);
            Duration within = LiveSocket.TOKEN_CHECK_EVERY.multipliedBy(2);
            for (LiveClient client : List.of(byKey, byJwt)) {
                assertThat(client.next("error", within).get("code").asText()).isEqualTo("UNAUTHORIZED");
                assertThat(client.awaitClose(Duration.ofSeconds(5)).status()).isEqualTo(1008);
            }
        }
    }

    @Test
    void a_first_auth_message_authenticates_the_socket() {
        String user = ApiHarness.newUser();
        try (LiveClient client = LiveClient.connect(api.port(), null)) {
            client.send(Map.of("type", "auth", "token", ApiHarness.token(user)));
            assertThat(client.next("authenticated").get("userId").asText()).isEqualTo(user);
            UUID session = client.start(WEBM);
            JsonNode details = rest(user, "/api/sessions/" + session);
            assertThat(details.get("status").asText()).isEqualTo("recording");
            assertThat(details.get("mimeType").asText()).isEqualTo(WEBM);
        }
    }

    @Test
    void session_started_carries_seed_003s_session() {
        String user = ApiHarness.newUser();
        try (LiveClient client = connect(user)) {
            client.send(Map.of("type", "start_session", "mimeType", WEBM, "title", "Standup", "language", "en"));
            JsonNode started = client.next("session_started");
            assertThat(started.get("sessionId").asText()).isEqualTo(started.at("/session/id").asText());
            assertThat(started.has("recordId")).isTrue();
            JsonNode session = started.get("session");
            assertThat(session.get("title").asText()).isEqualTo("Standup");
            assertThat(session.get("status").asText()).isEqualTo("recording");
            assertThat(session.get("language").asText()).isEqualTo("en");
            assertThat(session.get("totalDuration").asLong()).isZero();
            assertThat(session.get("chunks")).isEmpty();
            assertThat(session.get("startTime").asText()).isNotBlank();
        }
    }

    @Test
    void an_unsupported_container_is_refused() {
        try (LiveClient client = connect(ApiHarness.newUser())) {
            client.send(Map.of("type", "start_session", "mimeType", "application/x-mpegurl"));
            assertThat(client.next("error").get("code").asText()).isEqualTo("UNSUPPORTED_MIME_TYPE");
        }
    }

    @Test
    void each_chunk_is_in_s3_and_postgresql_before_its_ack_says_saved() {
        String user = ApiHarness.newUser();
        try (LiveClient client = connect(user)) {
            UUID session = client.start(WEBM);
            for (int sequence = 0; sequence < 3; sequence++) {
                byte[] audio = bytes(100 + sequence);
                client.chunk(session, sequence, audio, WEBM);
                JsonNode ack = client.next("chunk_ack");
                assertThat(ack.get("sequence").asLong()).isEqualTo(sequence);
                assertThat(ack.get("saved").asBoolean()).isTrue();
                assertThat(ack.get("sessionId").asText()).isEqualTo(session.toString());
                // the ack came, so both are there already: no waiting
                assertThat(api.store().head(LiveKeys.chunk(session, sequence))).hasValueSatisfying(
                        o -> assertThat(o.sizeBytes()).isEqualTo(audio.length));
                assertThat(storedSequences(session)).contains((long) sequence);
            }
        }
    }

    @Test
    void a_duplicate_chunk_is_acked_again_and_stored_once() {
        String user = ApiHarness.newUser();
        try (LiveClient client = connect(user)) {
            UUID session = client.start(WEBM);
            client.chunk(session, 7, bytes(50), WEBM);
            assertThat(client.next("chunk_ack").get("saved").asBoolean()).isTrue();
            client.chunk(session, 7, bytes(50), WEBM);
            JsonNode again = client.next("chunk_ack");
            assertThat(again.get("sequence").asLong()).isEqualTo(7);
            assertThat(again.get("saved").asBoolean()).isTrue();
            assertThat(storedSequences(session)).containsExactly(7L);
        }
        // another connection that does not know the chunk was stored: the database does
        try (LiveClient other = connect(user)) {
            UUID session = other.start(WEBM);
            other.chunk(session, 0, bytes(10), WEBM);
            other.next("chunk_ack");
        }
    }

    @Test
    void a_gap_is_reported_as_missing_chunks_and_filled_by_the_resend() {
        String user = ApiHarness.newUser();
        try (LiveClient client = connect(user)) {
            UUID session = client.start(WEBM);
            for (long sequence : new long[] {1, 2, 5}) {
                client.chunk(session, sequence, bytes(20), WEBM);
                assertThat(client.next("chunk_ack").get("sequence").asLong()).isEqualTo(sequence);
            }
            JsonNode missing = client.next("missing_chunks");
            assertThat(missing.get("sessionId").asText()).isEqualTo(session.toString());
            assertThat(longs(missing.get("sequences"))).containsExactly(3L, 4L);

            client.chunk(session, 4, bytes(20), WEBM);
            assertThat(client.next("chunk_ack").get("sequence").asLong()).isEqualTo(4);
            client.chunk(session, 3, bytes(20), WEBM);
            assertThat(client.next("chunk_ack").get("sequence").asLong()).isEqualTo(3);
            assertThat(storedSequences(session)).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(client.received()).filteredOn(m -> m.get("type").asText().equals("missing_chunks")).hasSize(1);

            client.chunk(session, 0, bytes(20), WEBM);
            assertThat(client.next("error").get("code").asText()).isEqualTo("SEQUENCE_BEFORE_START");
        }
    }

    @Test
    void binary_frames_carry_chunks_like_the_json_message() {
        String user = ApiHarness.newUser();
        try (LiveClient client = connect(user)) {
            UUID session = client.start(WEBM);
            byte[] audio = bytes(3000);
            client.binaryChunk(session, 0, audio);
            JsonNode ack = client.next("chunk_ack");
            assertThat(ack.get("saved").asBoolean()).isTrue();
            assertThat(api.store().head(LiveKeys.chunk(session, 0))).hasValueSatisfying(
                    o -> assertThat(o.sizeBytes()).isEqualTo(audio.length));
        }
    }

    @Test
    void an_oversized_chunk_is_refused_naming_the_limit_and_the_session_stays_usable() {
        String user = ApiHarness.newUser();
        try (LiveClient client = LiveClient.connect(tight.port(), ApiHarness.token(user))) {
            UUID session = client.start(WEBM);
            client.chunk(session, 0, bytes(4096 + 1), WEBM);
            JsonNode error = client.next("error");
            assertThat(error.get("code").asText()).isEqualTo("CHUNK_TOO_LARGE");
            assertThat(error.get("limit").asText()).isEqualTo("LIVE_MAX_CHUNK_BYTES");
            assertThat(error.get("max").asLong()).isEqualTo(4096);
            assertThat(error.get("sequence").asLong()).isZero();

            client.binaryChunk(session, 0, bytes(5000));
            assertThat(client.next("error").get("code").asText()).isEqualTo("CHUNK_TOO_LARGE");
            client.sendText("{\"type\":\"ping\",\"padding\":\"" + "x".repeat(20_000) + "\"}");
            JsonNode tooLong = client.next("error");
            assertThat(tooLong.get("code").asText()).isEqualTo("MESSAGE_TOO_LARGE");
            assertThat(tooLong.get("limit").asText()).isEqualTo("LIVE_MAX_CHUNK_BYTES");

            client.chunk(session, 0, bytes(4096), WEBM);
            assertThat(client.next("chunk_ack").get("saved").asBoolean()).isTrue();
            assertThat(storedSequences(session)).containsExactly(0L);
        }
    }

    @Test
    void chunks_beyond_the_rate_limit_are_refused_naming_it_and_taken_again_later() {
        String user = ApiHarness.newUser();
        try (LiveClient client = LiveClient.connect(tight.port(), ApiHarness.token(user))) {
            UUID session = client.start(WEBM);
            int sent = 10;
            for (int sequence = 0; sequence < sent; sequence++) {
                client.chunk(session, sequence, bytes(10), WEBM);
            }
            List<Long> refused = new ArrayList<>();
            for (int i = 0; i < sent; i++) {
                JsonNode answer = client.next(m -> m.get("type").asText().matches("chunk_ack|error"), Duration.ofSeconds(10), "answer");
                if (answer.get("type").asText().equals("error")) {
                    assertThat(answer.get("code").asText()).isEqualTo("TOO_MANY_CHUNKS");
                    assertThat(answer.get("limit").asText()).isEqualTo("LIVE_MAX_CHUNKS_PER_SECOND");
                    refused.add(answer.get("sequence").asLong());
                }
            }
            assertThat(refused).as("a burst of 3 s at 2/s is taken, the rest refused").hasSizeBetween(3, 4);
            long resend = refused.getFirst();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(600)).until(() -> {
                client.chunk(session, resend, bytes(10), WEBM);
                JsonNode answer = client.next(m -> m.get("type").asText().matches("chunk_ack|error"), Duration.ofSeconds(5), "answer");
                return answer.get("type").asText().equals("chunk_ack");
            });
        }
    }

    @Test
    void a_user_records_at_most_the_configured_number_of_sessions_at_once() {
        String user = ApiHarness.newUser();
        try (LiveClient client = LiveClient.connect(tight.port(), ApiHarness.token(user))) {
            UUID first = client.start(WEBM);
            client.send(Map.of("type", "start_session", "mimeType", WEBM));
            JsonNode error = client.next("error");
            assertThat(error.get("code").asText()).isEqualTo("TOO_MANY_SESSIONS");
            assertThat(error.get("limit").asText()).isEqualTo("LIVE_MAX_SESSIONS_PER_USER");
            assertThat(error.get("max").asInt()).isEqualTo(1);

            client.send(Map.of("type", "stop_session", "sessionId", first.toString()));
            assertThat(client.start(WEBM)).isNotEqualTo(first);
        }
    }

    @Test
    void another_users_session_is_not_found_on_the_socket_and_in_the_rest_view() {
        String owner = ApiHarness.newUser();
        String intruder = ApiHarness.newUser();
        try (LiveClient mine = connect(owner); LiveClient theirs = connect(intruder)) {
            UUID session = mine.start(WEBM);
            mine.chunk(session, 0, bytes(10), WEBM);
            mine.next("chunk_ack");
            for (String type : List.of("resume_session", "stop_session", "get_session", "delete_session")) {
                theirs.send(Map.of("type", type, "sessionId", session.toString()));
                assertThat(theirs.next("error").get("code").asText()).as(type).isEqualTo("SESSION_NOT_FOUND");
            }
            theirs.chunk(session, 1, bytes(10), WEBM);
            JsonNode refused = theirs.next("error");
            assertThat(refused.get("code").asText()).isEqualTo("SESSION_NOT_FOUND");
            assertThat(storedSequences(session)).containsExactly(0L);
            assertThat(api.store().head(LiveKeys.chunk(session, 1))).isEmpty();

            assertThat(api.get(intruder, "/api/sessions/" + session).status()).isEqualTo(404);
            assertThat(api.delete(intruder, "/api/sessions/" + session).status()).isEqualTo(404);
            assertThat(api.get(intruder, "/api/sessions/" + session + "/chunks/0.wav").status()).isEqualTo(404);
            assertThat(api.get(intruder, "/api/sessions").json().get("total").asInt()).isZero();
            assertThat(api.get(owner, "/api/sessions/not-a-uuid").status()).isEqualTo(404);
            assertThat(api.get(owner, "/api/sessions/" + session).status()).isEqualTo(200);
        }
    }

    @Test
    void a_client_that_stops_reading_is_disconnected_while_one_beside_it_gets_every_answer_at_once() {
        String user = ApiHarness.newUser();
        try (LiveClient reader = connect(user);
             LiveClient stalled = LiveClient.connectWithoutReading(api.port(), ApiHarness.token(user))) {
            for (int i = 0; i < 3; i++) { // a few sessions with long titles: each sessions_list answer is about 1.5 kB
                reader.send(Map.of("type", "start_session", "mimeType", WEBM, "title", "t".repeat(250)));
                reader.next("session_started");
            }
            String listAll = "{\"type\":\"get_sessions\",\"limit\":100}";
            for (int i = 0; i < 10_000; i++) { // about 12 MB of answers: more than the sockets' buffers hold
                stalled.sendText(listAll);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long answered = 0;
            boolean disconnected = false;
            while (!disconnected && System.nanoTime() < deadline) {
                long asked = System.nanoTime();
                reader.send(Map.of("type", "ping"));
                reader.next("pong", Duration.ofSeconds(1));
                assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("the reader's answer").isLessThan(Duration.ofSeconds(1));
                answered++;
                try {
                    stalled.sendText("{\"type\":\"ping\"}");
                } catch (RuntimeException e) {
                    disconnected = true; // the server dropped the connection: writing to it is refused
                }
            }
            assertThat(answered).isPositive();
            assertThat(disconnected).as("the stalled client was disconnected").isTrue();
            reader.send(Map.of("type", "get_sessions"));
            assertThat(reader.next("sessions_list").get("total").asInt()).isEqualTo(3);
        }
    }

    @Test
    void a_dropped_connection_resumes_on_another_api_node_with_nothing_acknowledged_lost() {
        String user = ApiHarness.newUser();
        UUID session;
        try (LiveClient first = connect(user)) {
            session = first.start(WEBM);
            for (long sequence : new long[] {0, 1, 3}) {
                first.chunk(session, sequence, bytes(30), WEBM);
                first.next("chunk_ack");
            }
            first.abort();
        }
        try (LiveClient second = LiveClient.connect(tight.port(), ApiHarness.token(user))) {
            second.send(Map.of("type", "resume_session", "sessionId", session.toString()));
            JsonNode resumed = second.next("session_resumed");
            assertThat(resumed.get("sessionId").asText()).isEqualTo(session.toString());
            assertThat(resumed.get("lastSequence").asLong()).isEqualTo(3);
            assertThat(longs(resumed.get("missing"))).containsExactly(2L);
            second.chunk(session, 2, bytes(30), WEBM);
            second.next("chunk_ack");
            second.chunk(session, 3, bytes(30), WEBM);
            assertThat(second.next("chunk_ack").get("sequence").asLong()).as("a duplicate from before the drop").isEqualTo(3);
            second.chunk(session, 4, bytes(30), WEBM);
            second.next("chunk_ack");
        }
        assertThat(storedSequences(session)).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void the_rest_view_lists_and_deletes_the_callers_sessions() {
        String user = ApiHarness.newUser();
        UUID first;
        UUID second;
        try (LiveClient client = connect(user)) {
            first = client.start(WEBM);
            second = client.start("audio/ogg;codecs=opus");
            client.chunk(first, 0, bytes(10), WEBM);
            client.next("chunk_ack");
            client.send(Map.of("type", "get_sessions", "limit", 1));
            JsonNode page = client.next("sessions_list");
            assertThat(page.get("total").asInt()).isEqualTo(2);
            assertThat(page.get("sessions")).hasSize(1);
            client.send(Map.of("type", "get_session", "sessionId", first.toString()));
            assertThat(client.next("session_details").at("/session/id").asText()).isEqualTo(first.toString());
        }
        JsonNode list = rest(user, "/api/sessions?limit=10&offset=0");
        assertThat(list.get("total").asInt()).isEqualTo(2);
        assertThat(list.get("sessions")).extracting(s -> s.get("id").asText())
                .containsExactly(second.toString(), first.toString());
        JsonNode summary = list.get("sessions").get(1);
        assertThat(summary.fieldNames()).toIterable().contains("id", "startTime", "status", "totalDuration", "chunksCount");
        assertThat(api.get(user, "/api/sessions?limit=0").status()).isEqualTo(400);
        assertThat(api.get(user, "/api/sessions/" + first + "/full.wav").json().at("/error/code").asText())
                .isEqualTo("AUDIO_NOT_READY");

        assertThat(api.delete(user, "/api/sessions/" + first).status()).isEqualTo(204);
        assertThat(api.get(user, "/api/sessions/" + first).status()).isEqualTo(404);
        assertThat(api.store().head(LiveKeys.chunk(first, 0))).isEmpty();
        assertThat(rest(user, "/api/sessions").get("total").asInt()).isEqualTo(1);
    }

    private static LiveClient connect(String user) {
        return LiveClient.connect(api.port(), ApiHarness.token(user));
    }

    private static JsonNode rest(String user, String path) {
        var response = api.get(user, path);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return response.json();
    }

    private static List<Long> storedSequences(UUID session) {
        return LiveTestData.storedSequences(api, session);
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asLong()));
        return values;
    }

    private static byte[] bytes(int length) {
        return LiveTestData.bytes(length);
    }
}

package io.audiojobs.api.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.api.ApiHarness;
import io.audiojobs.shared.live.LiveKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.audiojobs.api.live.LiveTestData.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a bad-input campaign sent to the live socket (issue 19): each is refused with an error that
 * names the problem, and refused chunks leave nothing in PostgreSQL or S3.
 */
class LiveRefusedInputTest {
    private static final String WEBM = "audio/webm;codecs=opus";
    private static ApiHarness api;

    @BeforeAll
    static void start() {
        api = ApiHarness.shared();
    }

    @Test
    void a_chunk_far_from_what_another_connection_stored_is_refused_and_writes_nothing() {
        String user = ApiHarness.newUser();
        try (LiveClient starter = connect(user); LiveClient other = connect(user)) {
            UUID session = starter.start(WEBM);
            other.chunk(session, 100, bytes(10), WEBM);
            assertThat(other.next("chunk_ack").get("saved").asBoolean()).isTrue();

            // the starter's connection never saw chunk 100: only what is stored can refuse these
            starter.chunk(session, 20_000_000, bytes(10), WEBM);
            assertThat(starter.next("error").get("code").asText()).isEqualTo("SEQUENCE_TOO_FAR_AHEAD");
            starter.chunk(session, 3, bytes(10), WEBM);
            assertThat(starter.next("error").get("code").asText()).isEqualTo("SEQUENCE_BEFORE_START");
            long farthest = 100 + SequenceTracker.MAX_MISSING + 1; // MAX_MISSING missing between: still taken
            try (LiveClient late = connect(user)) {
                late.chunk(session, farthest, bytes(10), WEBM);
                assertThat(late.next("chunk_ack").get("saved").asBoolean()).as("within the limit").isTrue();
            }
            starter.chunk(session, farthest + SequenceTracker.MAX_MISSING + 2, bytes(10), WEBM);
            assertThat(starter.next("error").get("code").asText()).isEqualTo("SEQUENCE_TOO_FAR_AHEAD");

            assertThat(LiveTestData.storedSequences(api, session)).containsExactly(100L, farthest);
            for (long refused : new long[] {20_000_000, 3, farthest + SequenceTracker.MAX_MISSING + 2}) {
                assertThat(api.store().head(LiveKeys.chunk(session, refused))).as("chunk " + refused).isEmpty();
            }
        }
    }

    @Test
    void after_a_resume_every_chunk_acked_as_saved_is_stored_however_many_are_missing() {
        String user = ApiHarness.newUser();
        UUID session;
        try (LiveClient first = connect(user)) {
            session = first.start(WEBM);
            first.chunk(session, 0, bytes(10), WEBM);
            first.next("chunk_ack");
            first.chunk(session, 5_000, bytes(10), WEBM);
            first.next("chunk_ack");
        }
        try (LiveClient second = connect(user)) {
            second.send(Map.of("type", "resume_session", "sessionId", session.toString()));
            JsonNode resumed = second.next("session_resumed");
            assertThat(resumed.get("missing")).as("reported at once").hasSize(LiveSessions.MISSING_REPORTED);
            for (long sequence : new long[] {3_000, 4_999, 500}) { // past the first thousand reported, and within
                second.chunk(session, sequence, bytes(11), WEBM);
                JsonNode ack = second.next("chunk_ack");
                assertThat(ack.get("sequence").asLong()).isEqualTo(sequence);
                assertThat(ack.get("saved").asBoolean()).isTrue();
            }
        }
        try (LiveClient third = connect(user)) { // not resumed: the first chunk sent opens the session
            third.chunk(session, 4_000, bytes(11), WEBM);
            assertThat(third.next("chunk_ack").get("saved").asBoolean()).isTrue();
        }
        assertThat(LiveTestData.storedSequences(api, session)).containsExactly(0L, 500L, 3_000L, 4_000L, 4_999L, 5_000L);
        assertThat(api.store().head(LiveKeys.chunk(session, 3_000))).isPresent();
    }

    @Test
    void a_duplicate_keeps_the_bytes_stored_first_and_chunks_for_a_sealed_or_deleted_session_reach_no_storage() throws Exception {
        String user = ApiHarness.newUser();
        try (LiveClient owner = connect(user); LiveClient other = connect(user)) {
            UUID session = owner.start(WEBM);
            byte[] first = bytes(20);
            owner.chunk(session, 0, first, WEBM);
            owner.next("chunk_ack");
            other.chunk(session, 0, bytes(21), WEBM);
            assertThat(other.next("chunk_ack").get("saved").asBoolean()).as("a duplicate is acked again").isTrue();
            try (var stored = api.store().read(LiveKeys.chunk(session, 0))) {
                assertThat(stored.readAllBytes()).as("and stored once: the first bytes").isEqualTo(first);
            }

            api.database().jdbi().useHandle(h -> h.execute("UPDATE live_sessions SET sealed_at = now() WHERE id = ?", session));
            other.chunk(session, 1, bytes(10), WEBM);
            assertThat(other.next("error").get("code").asText()).isEqualTo("SESSION_STOPPED");
            assertThat(api.store().head(LiveKeys.chunk(session, 1))).isEmpty();

            UUID deleted = owner.start(WEBM);
            other.chunk(deleted, 0, bytes(10), WEBM);
            other.next("chunk_ack");
            owner.send(Map.of("type", "delete_session", "sessionId", deleted.toString()));
            owner.next("session_deleted");
            other.chunk(deleted, 1, bytes(10), WEBM); // the other connection still has the session open
            assertThat(other.next("error").get("code").asText()).isEqualTo("SESSION_STOPPED");
            assertThat(api.store().head(LiveKeys.chunk(deleted, 1))).isEmpty();
        }
    }

    @Test
    void strings_with_control_characters_and_values_of_the_wrong_type_are_refused_naming_the_field() {
        String user = ApiHarness.newUser();
        try (LiveClient client = connect(user)) {
            List<Map<String, Object>> starts = List.of(
                    start("title", "a\u0000b"), start("title", "line\r\nbreak"), start("title", 123), start("title", "nel\u0085"),
                    start("mimeType", WEBM + "\r\nX-Injected: 1"), start("mimeType", WEBM + ";x=" + "y".repeat(300)),
                    start("language", List.of("en")), start("model", 5));
            for (Map<String, Object> message : starts) {
                client.send(message);
                JsonNode error = client.next("error");
                assertThat(error.get("code").asText()).as(message.toString())
                        .isIn("VALIDATION_FAILED", "UNSUPPORTED_MIME_TYPE");
                assertThat(error.get("message").asText()).as("what a refusal repeats of the input").hasSizeLessThan(300);
            }
            for (Object limit : List.of(5.9, true, "5", 1L << 40)) {
                client.send(Map.of("type", "get_sessions", "limit", limit));
                assertThat(client.next("error").get("code").asText()).as("limit " + limit).isEqualTo("VALIDATION_FAILED");
            }
            client.send(Map.of("type", "get_sessions", "offset", 1L << 40));
            assertThat(client.next("error").get("code").asText()).isEqualTo("VALIDATION_FAILED");
            assertThat(api.get(user, "/api/sessions").json().get("total").asInt()).as("no session was started").isZero();

            UUID session = client.start(WEBM);
            List<Map<String, Object>> chunks = List.of(
                    chunk(session, 0, "audioData", 123), chunk(session, 0, "timestamp", "noon"),
                    chunk(session, 0, "mimeType", "text/plain"), chunk(session, 0, "mimeType", "audio/ogg"),
                    chunk(session, 0, "mimeType", WEBM + ";x=" + "y".repeat(300)),
                    chunk(session, 0, "timestamp", new java.math.BigInteger("18446744073709551616")),
                    chunk(session, 0, "timestamp", 1.5), chunk(session, 0, "timestamp", -1));
            for (Map<String, Object> message : chunks) {
                client.send(message);
                assertThat(client.next("error").get("code").asText()).as(message.keySet().toString())
                        .isIn("VALIDATION_FAILED", "MIME_TYPE_MISMATCH");
            }
            assertThat(LiveTestData.storedSequences(api, session)).isEmpty();
            client.chunk(session, 0, bytes(10), WEBM);
            assertThat(client.next("chunk_ack").get("saved").asBoolean()).as("the session stays usable").isTrue();
        }
    }

    @Test
    void a_model_that_does_not_exist_is_refused_naming_those_there_are() {
        String user = ApiHarness.newUser();
        try (LiveClient client = connect(user)) {
            client.send(start("model", "no-such-model"));
            JsonNode refused = client.next("error");
            assertThat(refused.get("code").asText()).isEqualTo("UNKNOWN_MODEL");
            assertThat(refused.get("message").asText()).contains("Models here");

            UUID session = client.start(WEBM);
            client.send(Map.of("type", "retranscribe_chunk", "sessionId", session.toString(),
                    "chunkId", UUID.randomUUID().toString(), "model", "../../etc/passwd"));
            assertThat(client.next("error").get("code").asText()).isEqualTo("UNKNOWN_MODEL");
            var rest = api.postJson(user, "/api/sessions/" + session + "/chunks/" + UUID.randomUUID() + "/retranscribe",
                    Map.of("model", "no-such-model"));
            assertThat(rest.status()).isEqualTo(400);
            assertThat(rest.json().at("/error/code").asText()).isEqualTo("UNKNOWN_MODEL");
        }
    }

    @Test
    void anything_but_an_auth_message_before_authentication_ends_the_socket() {
        for (String first : List.of("not json", "[1,2]", "{\"token\":\"x\"}", "{\"type\":\"ping\"}")) {
            try (LiveClient client = LiveClient.connect(api.port(), null)) {
                client.sendText(first);
                assertThat(client.next("error").get("code").asText()).as(first).isEqualTo("UNAUTHORIZED");
                assertThat(client.awaitClose(Duration.ofSeconds(5)).status()).as(first).isEqualTo(1008);
            }
        }
    }

    @Test
    void stopping_a_stopped_session_again_is_answered_again() {
        String user = ApiHarness.newUser();
        try (LiveClient client = connect(user)) {
            UUID session = client.start(WEBM);
            // as the worker's finisher leaves a session it turned into a record
            api.database().jdbi().useHandle(h -> h.execute(
                    "UPDATE live_sessions SET status = 'completed', sealed_at = now(), ended_at = now() WHERE id = ?", session));
            for (int i = 0; i < 2; i++) {
                client.send(Map.of("type", "stop_session", "sessionId", session.toString()));
                assertThat(client.next("session_stopped").at("/session/id").asText()).isEqualTo(session.toString());
            }
        }
    }

    private static Map<String, Object> start(String field, Object value) {
        Map<String, Object> message = new LinkedHashMap<>(Map.of("type", "start_session", "mimeType", WEBM));
        message.put(field, value);
        return message;
    }

    private static Map<String, Object> chunk(UUID session, long sequence, String field, Object value) {
        Map<String, Object> message = new LinkedHashMap<>(Map.of("type", "audio_chunk", "sessionId", session.toString(),
                "sequence", sequence, "timestamp", System.currentTimeMillis(),
                "audioData", Base64.getEncoder().encodeToString(bytes(10)), "mimeType", WEBM));
        message.put(field, value);
        return message;
    }

    private static LiveClient connect(String user) {
        return LiveClient.connect(api.port(), ApiHarness.token(user));
    }
}

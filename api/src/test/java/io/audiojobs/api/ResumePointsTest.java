package io.audiojobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.audiojobs.api.AuthAndErrorsTest.assertErrorBody;
import static org.assertj.core.api.Assertions.assertThat;

/** The resume point across devices: PUT|GET /api/v1/records/{id}/playback, seed 001's PUT /audio/progress, playback events. */
class ResumePointsTest {
    private final ApiHarness api = ApiHarness.shared();
    private final PlaybackFixtures fixtures = new PlaybackFixtures(api);

    @Test
    void the_resume_point_is_zero_until_written_then_the_last_write_with_its_speed() {
        String user = ApiHarness.newUser();
        long id = fixtures.record(user);
        String path = "/api/v1/records/" + id + "/playback";

        JsonNode none = api.get(user, path).json();
        assertThat(none.get("positionMs").asLong()).isZero();
        assertThat(none.get("version").asLong()).isZero();
        assertThat(none.get("speed").asDouble()).isEqualTo(1.0);

        var saved = fixtures.put(user, path, Map.of("positionMs", 12_500, "speed", 1.5, "playbackSessionId", "phone-1"));
        assertThat(saved.status()).as(saved.text()).isEqualTo(200);
        assertThat(saved.json().get("version").asLong()).isEqualTo(1);
        JsonNode read = api.get(user, path).json();
        assertThat(read.get("positionMs").asLong()).isEqualTo(12_500);
        assertThat(read.get("speed").asDouble()).isEqualTo(1.5);
        assertThat(read.get("playbackSessionId").asText()).isEqualTo("phone-1");
        assertThat(read.get("updatedAt").asText()).isNotBlank();
    }

    @Test
    void a_write_without_speed_keeps_the_last_speed_and_a_later_smaller_position_still_wins() {
        String user = ApiHarness.newUser();
        long id = fixtures.record(user);
        String path = "/api/v1/records/" + id + "/playback";
        fixtures.put(user, path, Map.of("positionMs", 50_000, "speed", 0.75));

        JsonNode rewound = fixtures.put(user, path, Map.of("positionMs", 1_000)).json();

        assertThat(rewound.get("positionMs").asLong()).as("latest, not furthest").isEqualTo(1_000);
        assertThat(rewound.get("speed").asDouble()).isEqualTo(0.75);
        assertThat(rewound.get("version").asLong()).isEqualTo(2);
    }

    @Test
    void two_devices_racing_converge_on_the_write_the_server_applied_last() throws Exception {
        String user = ApiHarness.newUser();
        long id = fixtures.record(user);
        String path = "/api/v1/records/" + id + "/playback";
        int writes = 40;
        List<Callable<JsonNode>> calls = IntStream.range(0, writes).<Callable<JsonNode>>mapToObj(i -> () -> {
            var response = fixtures.put(user, path, Map.of("positionMs", 1_000 + i, "playbackSessionId", i % 2 == 0 ? "phone" : "laptop"));
            assertThat(response.status()).as(response.text()).isEqualTo(200);
            return response.json();
        }).toList();

        List<JsonNode> answers = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (var future : pool.invokeAll(calls)) {
                answers.add(future.get());
            }
        }

        assertThat(answers).extracting(a -> a.get("version").asLong())
                .as("every write got its own version").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, writes).mapToObj(v -> (long) v).toList());
        JsonNode last = answers.stream().filter(a -> a.get("version").asLong() == writes).findFirst().orElseThrow();
        JsonNode stored = api.get(user, path).json();
        assertThat(stored.get("version").asLong()).isEqualTo(writes);
        assertThat(stored.get("positionMs").asLong()).isEqualTo(last.get("positionMs").asLong());
        assertThat(stored.get("playbackSessionId").asText()).isEqualTo(last.get("playbackSessionId").asText());
    }

    @Test
    void a_position_past_the_measured_end_is_400_and_changes_nothing() {
        String user = ApiHarness.newUser();
        long id = fixtures.record(user);
        fixtures.measured(id, 60_000);
        String path = "/api/v1/records/" + id + "/playback";
        fixtures.put(user, path, Map.of("positionMs", 30_000));

        var past = fixtures.put(user, path, Map.of("positionMs", 60_001));
        assertThat(past.status()).isEqualTo(400);
        assertErrorBody(past, "POSITION_OUT_OF_RANGE", path);
        assertThat(fixtures.put(user, path, Map.of("positionMs", -1)).status()).isEqualTo(400);
        assertThat(fixtures.put(user, path, Map.of("positionMs", 10, "speed", 5)).status()).isEqualTo(400);
        assertThat(fixtures.put(user, path, Map.of("positionMs", 10, "playbackSessionId", "no spaces")).status()).isEqualTo(400);
        var seedPast = fixtures.put(user, "/audio/progress", Map.of("scriptId", id, "positionMs", 90_000));
        assertErrorBody(seedPast, "POSITION_OUT_OF_RANGE", "/audio/progress");

        JsonNode kept = api.get(user, path).json();
        assertThat(kept.get("positionMs").asLong()).isEqualTo(30_000);
        assertThat(kept.get("version").asLong()).isEqualTo(1);
        assertThat(fixtures.put(user, path, Map.of("positionMs", 60_000)).status()).as("the very end is fine").isEqualTo(200);
    }

    @Test
    void another_users_record_has_no_resume_point_for_them() {
        String owner = ApiHarness.newUser();
        long id = fixtures.record(owner);
        String stranger = ApiHarness.newUser();
        String path = "/api/v1/records/" + id + "/playback";

        assertErrorBody(api.get(stranger, path), "RECORD_NOT_FOUND", path);
        var write = fixtures.put(stranger, path, Map.of("positionMs", 5));
        assertThat(write.status()).isEqualTo(404);
        assertErrorBody(write, "RECORD_NOT_FOUND", path);
        assertThat(fixtures.put(stranger, "/audio/progress", Map.of("scriptId", id, "positionMs", 5)).status()).isEqualTo(404);
        assertThat(api.get(owner, path).json().get("version").asLong()).isZero();
    }

    @Test
    void seed_progress_writes_the_same_resume_point_and_answers_204() {
        String user = ApiHarness.newUser();
        long id = fixtures.record(user);

        var saved = fixtures.put(user, "/audio/progress", Map.of("scriptId", id, "positionMs", 4_200));

        assertThat(saved.status()).as(saved.text()).isEqualTo(204);
        assertThat(api.get(user, "/api/v1/records/" + id + "/playback").json().get("positionMs").asLong()).isEqualTo(4_200);
        assertThat(fixtures.put(user, "/audio/progress", Map.of("positionMs", 1)).status()).isEqualTo(400);
    }

    @Test
    void another_device_of_the_user_hears_of_a_new_resume_point_even_after_the_record_completed() throws Exception {
        String user = ApiHarness.newUser();
        long id = fixtures.record(user);
        api.database().jdbi().useHandle(h -> h.execute("UPDATE records SET status = 'COMPLETED', progress = 100 WHERE id = ?", id));
        fixtures.put(user, "/api/v1/records/" + id + "/playback", Map.of("positionMs", 1_000, "playbackSessionId", "phone"));

        BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
        HttpResponse<java.util.stream.Stream<String>> stream = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(api.uri("/api/v1/records/" + id + "/events?playback=true&access_token=")
                                + ApiHarness.token(user)))
                        .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        Thread reader = Thread.ofVirtual().start(() -> {
            Iterator<String> lines = stream.body().iterator();
            String event = null;
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    events.add(new String[] {event, line.substring(5).trim()});
                }
            }
        });
        try {
            assertThat(next(events)[0]).isEqualTo("completed");
            String[] current = next(events);
            assertThat(current[0]).as("the resume point at once").isEqualTo("playback");
            assertThat(ApiHarness.JSON.readTree(current[1]).get("positionMs").asLong()).isEqualTo(1_000);

            fixtures.put(user, "/audio/progress", Map.of("scriptId", id, "positionMs", 7_000, "playbackSessionId", "laptop"));

            String[] heard = next(events);
            assertThat(heard[0]).isEqualTo("playback");
            JsonNode point = ApiHarness.JSON.readTree(heard[1]);
            assertThat(point.get("recordId").asLong()).isEqualTo(id);
            assertThat(point.get("positionMs").asLong()).isEqualTo(7_000);
            assertThat(point.get("version").asLong()).isEqualTo(2);
            assertThat(point.get("playbackSessionId").asText()).isEqualTo("laptop");
        } finally {
            stream.body().close();
            reader.interrupt();
        }
    }

    private static String[] next(BlockingQueue<String[]> events) throws InterruptedException {
        String[] event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("an event within 10 s").isNotNull();
        return event;
    }
}

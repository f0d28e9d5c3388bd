package io.audiojobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.audiojobs.api.AuthAndErrorsTest.assertErrorBody;
import static org.assertj.core.api.Assertions.assertThat;

/** POST|GET|DELETE /api/v1/records/{id}/bookmarks: marks and A-B loops, the user's own, within the audio. */
class BookmarksTest {
    private final ApiHarness api = ApiHarness.shared();
    private final PlaybackFixtures fixtures = new PlaybackFixtures(api);

    @Test
    void a_bookmark_and_a_loop_are_created_with_ids_listed_by_position_and_deleted() {
        String user = ApiHarness.newUser();
        long id = fixtures.record(user);
        fixtures.measured(id, 120_000);
        String path = "/api/v1/records/" + id + "/bookmarks";

        var loop = api.postJson(user, path, Map.of("positionMs", 30_000, "endMs", 45_000, "label", "chorus"));
        var mark = api.postJson(user, path, Map.of("positionMs", 5_000, "label", "intro"));
        assertThat(loop.status()).as(loop.text()).isEqualTo(201);
        assertThat(mark.status()).isEqualTo(201);
        assertThat(loop.json().get("loop").asBoolean()).isTrue();
        assertThat(mark.json().get("loop").asBoolean()).isFalse();
        assertThat(mark.json().get("endMs").isNull()).isTrue();

        JsonNode listed = api.get(user, path).json();
        assertThat(listed).extracting(b -> b.get("label").asText()).containsExactly("intro", "chorus");
        assertThat(listed.get(1).get("endMs").asLong()).isEqualTo(45_000);
        assertThat(listed.get(1).get("id").asLong()).isEqualTo(loop.json().get("id").asLong());

        assertThat(api.delete(user, path + "/" + mark.json().get("id").asLong()).status()).isEqualTo(204);
        assertThat(api.get(user, path).json()).extracting(b -> b.get("label").asText()).containsExactly("chorus");
        var again = api.delete(user, path + "/" + mark.json().get("id").asLong());
        assertErrorBody(again, "BOOKMARK_NOT_FOUND", path + "/" + mark.json().get("id").asLong());
    }

    @Test
    void positions_past_the_end_and_loops_that_end_before_they_start_are_400() {
        String user = ApiHarness.newUser();
        long id = fixtures.record(user);
        fixtures.measured(id, 10_000);
        String path = "/api/v1/records/" + id + "/bookmarks";

        assertErrorBody(api.postJson(user, path, Map.of("positionMs", 10_001, "label", "x")), "POSITION_OUT_OF_RANGE", path);
        assertErrorBody(api.postJson(user, path, Map.of("positionMs", 9_000, "endMs", 10_500, "label", "x")),
                "POSITION_OUT_OF_RANGE", path);
        assertErrorBody(api.postJson(user, path, Map.of("positionMs", 5_000, "endMs", 5_000, "label", "x")), "VALIDATION_FAILED", path);
        assertErrorBody(api.postJson(user, path, Map.of("positionMs", -1, "label", "x")), "VALIDATION_FAILED", path);
        assertErrorBody(api.postJson(user, path, Map.of("label", "no position")), "VALIDATION_FAILED", path);
        assertErrorBody(api.postJson(user, path, Map.of("positionMs", 1, "label", "x".repeat(201))), "VALIDATION_FAILED", path);
        Map<String, Object> unknown = new HashMap<>(Map.of("positionMs", 1, "label", "x"));
        unknown.put("color", "red");
        assertErrorBody(api.postJson(user, path, unknown), "UNKNOWN_FIELD", path);
        assertThat(api.get(user, path).json()).isEmpty();

        var whole = api.postJson(user, path, Map.of("positionMs", 0, "endMs", 10_000));
        assertThat(whole.status()).as("the whole recording as a loop; a label may be left out").isEqualTo(201);
        assertThat(whole.json().get("label").asText()).isEmpty();
    }

    @Test
    void before_convert_measures_the_audio_positions_stay_within_the_longest_audio_taken_and_labels_are_one_line() {
        String user = ApiHarness.newUser();
        long id = fixtures.record(user); // not measured yet
        String path = "/api/v1/records/" + id + "/bookmarks";
        long longest = java.time.Duration.ofHours(4).toMillis(); // MAX_DURATION's default
        assertErrorBody(api.postJson(user, path, Map.of("positionMs", 9_000_000_000_000_000_000L, "endMs", Long.MAX_VALUE)),
                "POSITION_OUT_OF_RANGE", path);
        assertErrorBody(api.postJson(user, path, Map.of("positionMs", longest + 1)), "POSITION_OUT_OF_RANGE", path);
        assertErrorBody(fixtures.put(user, "/api/v1/records/" + id + "/playback", Map.of("positionMs", Long.MAX_VALUE)),
                "POSITION_OUT_OF_RANGE", "/api/v1/records/" + id + "/playback");
        for (String label : new String[] {"a\u0001b", "esc\u001b[2J", "two\r\nlines", "tab\there", "nel\u0085", "csi\u009b2J",
                "line\u2028separator"}) {
            assertErrorBody(api.postJson(user, path, Map.of("positionMs", 1, "label", label)), "VALIDATION_FAILED", path);
        }
        assertErrorBody(api.postJson(user, path, "{\"positionMs\":1,\"label\":\"half a pair \\ud800\"}"), "VALIDATION_FAILED", path);
        assertThat(api.get(user, path).json()).isEmpty();
        assertThat(api.postJson(user, path, Map.of("positionMs", longest, "label", "at the longest")).status()).isEqualTo(201);
    }

    @Test
    void a_user_keeps_at_most_five_hundred_bookmarks_on_a_record_however_many_are_added_at_once() throws Exception {
        String user = ApiHarness.newUser();
        long id = fixtures.record(user);
        fixtures.measured(id, 10_000);
        api.database().jdbi().useHandle(h -> h.execute("""
                INSERT INTO bookmarks (owner_id, record_id, position_ms, label)
                SELECT ?, ?, g, '' FROM generate_series(1, 480) g""", user, id));
        String path = "/api/v1/records/" + id + "/bookmarks";
        List<Integer> statuses;
        var start = new java.util.concurrent.CountDownLatch(1);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(40)) {
            var answers = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 60; i++) {
                int position = 600 + i;
                answers.add(pool.submit(() -> {
                    start.await(); // all at once, as a client racing itself would
                    return api.postJson(user, path, Map.of("positionMs", position)).status();
                }));
            }
            start.countDown();
            statuses = new java.util.ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get());
            }
        }
        assertThat(statuses).filteredOn(status -> status == 201).as("created").hasSize(20);
        assertThat(statuses).filteredOn(status -> status == 409).as("refused").hasSize(40);
        assertThat(api.get(user, path).json()).hasSize(500);
        assertErrorBody(api.postJson(user, path, Map.of("positionMs", 700)), "TOO_MANY_BOOKMARKS", path);
    }

    @Test
    void another_users_record_and_bookmarks_are_404_for_them() {
        String owner = ApiHarness.newUser();
        long id = fixtures.record(owner);
        String path = "/api/v1/records/" + id + "/bookmarks";
        long bookmark = api.postJson(owner, path, Map.of("positionMs", 100, "label", "mine")).json().get("id").asLong();
        String stranger = ApiHarness.newUser();
        long theirs = fixtures.record(stranger);

        assertErrorBody(api.get(stranger, path), "RECORD_NOT_FOUND", path);
        assertErrorBody(api.postJson(stranger, path, Map.of("positionMs", 1, "label", "x")), "RECORD_NOT_FOUND", path);
        assertErrorBody(api.delete(stranger, path + "/" + bookmark), "RECORD_NOT_FOUND", path + "/" + bookmark);
        // the bookmark's id under a record the stranger does own names nothing either
        String theirPath = "/api/v1/records/" + theirs + "/bookmarks/" + bookmark;
        assertErrorBody(api.delete(stranger, theirPath), "BOOKMARK_NOT_FOUND", theirPath);
        assertThat(api.get(owner, path).json()).hasSize(1);
    }
}

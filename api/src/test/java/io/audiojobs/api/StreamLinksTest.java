package io.audiojobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.api.playback.PlaybackLinks;
import io.audiojobs.shared.playback.HlsLayout;
import io.audiojobs.shared.renditions.RenditionKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.audiojobs.api.AuthAndErrorsTest.assertErrorBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Links to play a record: HLS served under a signed token with no other credential (ffmpeg plays it
 * to the end), the fallback to the MP3 and the original, and links that are expired or tampered with.
 * The HLS rendition here is made by ffmpeg as the worker makes it (the worker's own test covers the job).
 */
class StreamLinksTest {
    private final ApiHarness api = ApiHarness.shared();
    private final PlaybackFixtures fixtures = new PlaybackFixtures(api);

    @TempDir
    Path dir;

    @Test
    void an_hls_link_plays_to_the_end_in_ffmpeg_with_no_header_in_every_quality() throws Exception {
        String user = ApiHarness.newUser();
        long id = fixtures.record(user);
        fixtures.measured(id, 13_000);
        fixtures.hls(id, 13, dir);

        for (String quality : new String[] {"auto", "low", "high"}) {
            JsonNode link = api.get(user, "/api/v1/records/" + id + "/audio?rendition=hls&quality=" + quality).json();
            assertThat(link.get("rendition").asText()).isEqualTo("hls");
            assertThat(link.get("quality").asText()).isEqualTo(quality);
            String url = link.get("url").asText();
            assertThat(url).startsWith("http://localhost:").contains("/api/v1/hls/")
                    .endsWith(quality.equals("auto") ? "/master.m3u8" : "/" + quality + "/index.m3u8");
            assertThat(Instant.parse(link.get("expiresAt").asText()))
                    .isBetween(Instant.now().plus(Duration.ofMinutes(15)), Instant.now().plus(Duration.ofMinutes(16)));

            Path wav = dir.resolve(quality + ".wav");
            String printed = PlaybackFixtures.run("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", url, "-map", "0:a:0",
                    "-ac", "1", "-ar", "16000", "-c:a", "pcm_s16le", wav.toString());
            assertThat(printed).as("ffmpeg said nothing wrong").isEmpty();
            double decodedSeconds = (Files.size(wav) - 44) / 2.0 / 16_000;
            assertThat(decodedSeconds).as(quality).isCloseTo(13.0, within(0.2));
        }
    }

    @Test
    void the_master_names_both_variants_relatively_so_every_derived_url_carries_the_token() throws Exception {
        String user = ApiHarness.newUser();
        long id = fixtures.record(user);
        fixtures.hls(id, 7, dir);
        String master = api.get(user, "/api/v1/records/" + id + "/audio?rendition=hls").json().get("url").asText();

        var playlist = plain(master, null);
        assertThat(playlist.status()).isEqualTo(200);
        assertThat(playlist.header("Content-Type")).startsWith(HlsLayout.PLAYLIST_TYPE);
        assertThat(playlist.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(playlist.text()).contains("BANDWIDTH=", "\nlow/index.m3u8", "\nhigh/index.m3u8").doesNotContain("http");

        String base = master.substring(0, master.lastIndexOf('/') + 1);
        var variant = plain(base + "high/index.m3u8", null);
        assertThat(variant.text()).contains("#EXT-X-PLAYLIST-TYPE:VOD", "\nseg00000.ts", "#EXT-X-ENDLIST");
        var segment = plain(base + "high/seg00000.ts", null);
        assertThat(segment.status()).isEqualTo(200);
        assertThat(segment.header("Content-Type")).isEqualTo(HlsLayout.SEGMENT_TYPE);
        assertThat(segment.body()[0]).as("an MPEG-TS sync byte").isEqualTo((byte) 0x47);
    }

    @Test
    void a_segment_answers_one_byte_range_with_206_and_a_range_past_its_end_with_416() throws Exception {
        String user = ApiHarness.newUser();
        long id = fixtures.record(user);
        fixtures.hls(id, 7, dir);
        String master = api.get(user, "/api/v1/records/" + id + "/audio?rendition=hls").json().get("url").asText();
        String segment = master.replace("master.m3u8", "low/seg00000.ts");
        long size = plain(segment, null).body().length;

        var first = plain(segment, "bytes=0-187");
        assertThat(first.status()).isEqualTo(206);
        assertThat(first.body()).hasSize(188);
        assertThat(first.header("Content-Range")).isEqualTo("bytes 0-187/" + size);
        var tail = plain(segment, "bytes=-100");
        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.header("Content-Range")).isEqualTo("bytes " + (size - 100) + "-" + (size - 1) + "/" + size);
        var past = plain(segment, "bytes=" + size + "-");
        assertThat(past.status()).isEqualTo(416);
        assertThat(past.json().at("/error/code").asText()).isEqualTo("RANGE_NOT_SATISFIABLE");
    }

    @Test
    void an_expired_link_and_links_tampered_with_are_refused_with_403() throws Exception {
        String user = ApiHarness.newUser();
        long id = fixtures.record(user);
        long other = fixtures.record(user);
        fixtures.hls(id, 7, dir);
        PlaybackLinks links = PlaybackLinks.from(api.config, Clock.systemUTC());
        String good = links.token(user, id, Instant.now().plusSeconds(600));
        var played = plain(hls(good), null);
        assertThat(played.status()).isEqualTo(200);
        assertThat(played.header("Cache-Control")).as("cached no longer than the link is good").matches("private, max-age=\\d+");
        assertThat(Long.parseLong(played.header("Cache-Control").replaceAll("\\D", ""))).isBetween(500L, 600L);

        var expired = plain(hls(links.token(user, id, Instant.now().minusSeconds(1))), null);
        assertThat(expired.status()).isEqualTo(403);
        assertErrorBody(expired, "PLAYBACK_LINK_EXPIRED", URI.create(hls(links.token(user, id, Instant.now().minusSeconds(1)))).getPath());

        String[] parts = good.split("\\.");
        String signature = parts[2];
        String flipped = (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1);
        String later = String.valueOf(Long.parseLong(parts[1]) + 86_400);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = signature.charAt(signature.length() - 1);
        String respelled = signature.substring(0, signature.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);
        for (String tampered : new String[] {
                parts[0] + "." + parts[1] + "." + respelled,           // the same bytes in base64 spelled otherwise
                "0" + parts[0] + "." + parts[1] + "." + signature,     // the same id with a leading zero
                "987654321." + parts[1] + "." + signature,             // a record that does not exist
                parts[0] + "." + parts[1] + "." + flipped,            // signature
                parts[0] + "." + later + "." + signature,              // expiry pushed out
                other + "." + parts[1] + "." + signature,              // another record of the same user
                links.token("someone-else", id, Instant.now().plusSeconds(600)), // made for another user
                "not-a-token"}) {
            var refused = plain(hls(tampered), null);
            assertThat(refused.status()).as(tampered).isEqualTo(403);
            assertThat(refused.json().at("/error/code").asText()).isEqualTo("PLAYBACK_LINK_INVALID");
        }
        var otherKey = new PlaybackLinks("another-secret-another-secret-another".getBytes(), Clock.systemUTC());
        assertThat(plain(hls(otherKey.token(user, id, Instant.now().plusSeconds(600))), null).status()).isEqualTo(403);
    }

    @Test
    void names_outside_the_rendition_are_not_served() throws Exception {
        String user = ApiHarness.newUser();
        long id = fixtures.record(user);
        fixtures.hls(id, 7, dir);
        String base = api.get(user, "/api/v1/records/" + id + "/audio?rendition=hls").json().get("url").asText()
                .replace("master.m3u8", "");

        for (String name : new String[] {"index.m3u8", "low/master.m3u8", "medium/index.m3u8", "low/seg1.ts", "low/seg00000.aac",
                "low/seg00099.ts"}) {
            var response = plain(base + name, null);
            assertThat(response.status()).as(name).isEqualTo(404);
            assertThat(response.json().at("/error/code").asText()).as(name).isEqualTo("RENDITION_NOT_AVAILABLE");
        }
    }

    @Test
    void hls_asked_for_before_it_exists_serves_the_original_then_the_mp3_and_says_which() throws Exception {
        String user = ApiHarness.newUser();
        long unsealed = fixtures.unsealedRecord(user);
        assertThat(api.get(user, "/api/v1/records/" + unsealed + "/audio?rendition=hls").json().at("/error/code").asText())
                .as("before convert copies the original, there is no audio to serve").isEqualTo("RENDITION_NOT_AVAILABLE");

        long id = fixtures.record(user);
        String audio = "/api/v1/records/" + id + "/audio?rendition=hls";

        assertThat(api.get(user, audio).json().get("rendition").asText()).isEqualTo("original");
        assertThat(api.get(user, "/audio/stream/" + id).json().get("rendition").asText()).isEqualTo("original");

        Path mp3 = Files.write(dir.resolve("a.mp3"), new byte[] {1, 2, 3});
        fixtures.rendition(id, RenditionKind.MP3, "records/" + id + "/audio.mp3", mp3, "audio/mpeg");
        JsonNode fallback = api.get(user, audio).json();
        assertThat(fallback.get("rendition").asText()).isEqualTo("mp3");
        var download = api.send(HttpRequest.newBuilder(URI.create(fallback.get("url").asText())).GET().build());
        assertThat(download.body()).isEqualTo(new byte[] {1, 2, 3});
        assertThat(api.get(user, "/audio/stream/" + id).json().get("rendition").asText()).isEqualTo("mp3");

        fixtures.hls(id, 7, dir);
        assertThat(api.get(user, audio).json().get("rendition").asText()).isEqualTo("hls");
        assertThat(api.get(user, "/api/v1/records/" + id + "/audio?rendition=mp3").json().get("rendition").asText())
                .as("asked for by name, the MP3 is still there").isEqualTo("mp3");
        assertThat(api.get(user, audio + "&quality=best").status()).isEqualTo(400);
    }

    @Test
    void seed_stream_and_play_answer_with_the_link_the_duration_and_where_the_user_left_off() throws Exception {
        String user = ApiHarness.newUser();
        long id = fixtures.record(user);
        fixtures.measured(id, 7_000);
        fixtures.hls(id, 7, dir);
        fixtures.put(user, "/api/v1/records/" + id + "/playback", Map.of("positionMs", 3_500, "speed", 1.25));

        JsonNode stream = api.get(user, "/audio/stream/" + id + "?quality=low").json();
        assertThat(stream.get("rendition").asText()).isEqualTo("hls");
        assertThat(stream.get("url").asText()).endsWith("/low/index.m3u8");
        assertThat(stream.get("durationMs").asLong()).isEqualTo(7_000);
        assertThat(stream.get("positionMs").asLong()).isEqualTo(3_500);
        assertThat(stream.get("speed").asDouble()).isEqualTo(1.25);
        assertThat(stream.get("expiresAt").asText()).isNotBlank();

        var play = api.postJson(user, "/audio/play", Map.of("scriptId", id));
        assertThat(play.status()).as(play.text()).isEqualTo(200);
        assertThat(play.json().get("url").asText()).endsWith("/master.m3u8");
        assertThat(play.json().get("positionMs").asLong()).isEqualTo(3_500);
        assertThat(play.json().get("playbackSessionId").asText()).hasSize(36);
        assertThat(plain(play.json().get("url").asText(), null).status()).isEqualTo(200);

        String stranger = ApiHarness.newUser();
        assertErrorBody(api.get(stranger, "/audio/stream/" + id), "RECORD_NOT_FOUND", "/audio/stream/" + id);
        assertErrorBody(api.postJson(stranger, "/audio/play", Map.of("scriptId", id)), "RECORD_NOT_FOUND", "/audio/play");
        assertErrorBody(api.postJson(user, "/audio/play", Map.of("quality", "low")), "VALIDATION_FAILED", "/audio/play");
    }

    @Test
    void links_follow_the_callers_host_unless_api_public_url_is_set_then_nothing_a_request_says_changes_them() throws Exception {
        String user = ApiHarness.newUser();
        long id = fixtures.record(user);
        fixtures.hls(id, 7, dir);
        String path = "/api/v1/records/" + id + "/audio?rendition=hls";
        var asked = api.send(api.authorized(user, path).header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Proto", "https").build());
        assertThat(asked.json().get("url").asText()).as("unset: as the caller reached the API").startsWith("https://evil.example/");

        ApiHarness behindProxy = ApiHarness.custom(Map.of("API_PUBLIC_URL", "https://audio.example.com/"));
        try {
            var link = behindProxy.send(behindProxy.authorized(user, path).header("X-Forwarded-Host", "evil.example")
                    .header("X-Forwarded-Proto", "http").build());
            assertThat(link.json().get("url").asText()).startsWith("https://audio.example.com/api/v1/hls/");
            var seed = behindProxy.send(behindProxy.authorized(user, "/audio/stream/" + id).header("X-Forwarded-Host", "attacker.test").build());
            assertThat(seed.json().get("url").asText()).startsWith("https://audio.example.com/api/v1/hls/");
        } finally {
            behindProxy.stop();
        }
    }

    @Test
    void deleting_a_record_removes_every_hls_object_and_its_links_stop_working() throws Exception {
        String user = ApiHarness.newUser();
        long id = fixtures.record(user);
        fixtures.hls(id, 13, dir);
        String master = api.get(user, "/api/v1/records/" + id + "/audio?rendition=hls").json().get("url").asText();
        assertThat(api.store().list(HlsLayout.prefix(id))).hasSizeGreaterThan(5);

        assertThat(api.delete(user, "/api/v1/records/" + id).status()).isEqualTo(204);

        assertThat(api.store().list("records/" + id + "/")).isEmpty();
        var gone = plain(master, null);
        assertThat(gone.status()).as("as a forged link: no one learns which records exist").isEqualTo(403);
        assertThat(gone.json().at("/error/code").asText()).isEqualTo("PLAYBACK_LINK_INVALID");
    }

    private String hls(String token) {
        return api.uri("/api/v1/hls/" + token + "/master.m3u8").toString();
    }

    /** A GET as a player makes it: no Authorization header, perhaps a Range. */
    private ApiHarness.Response plain(String url, String range) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (range != null) {
            request.header("Range", range);
        }
        return api.send(request.build());
    }
}

package io.audiojobs.api.webapp;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.api.ApiHarness;
import io.audiojobs.embedded.Infrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web app as the API serves it: the page and its files without a token (the API still wants
 * one), files a strict Content-Security-Policy (default-src 'self') lets run, nothing from another
 * host; and the embedded object store answering a page's CORS requests. The app's behaviour is
 * tested in a real browser (stack module, WebAppTest).
 */
class WebAppFilesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ApiHarness api;
    private static Path webapp;

    @BeforeAll
    static void start() throws URISyntaxException {
        api = ApiHarness.shared();
        webapp = Path.of(WebApp.class.getResource("/webapp/index.html").toURI()).getParent();
    }

    @Test
    void the_page_and_its_modules_are_served_without_a_token_and_the_api_still_needs_one() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.headers().firstValue("Cache-Control").orElse("")).isEqualTo("no-cache");
        assertThat(page.body()).contains("<script type=\"module\" src=\"app/js/main.js\"></script>");
        // what the app needs of the page's policy: no inline script, and S3 (presigned uploads, audio,
        // peaks) reachable for fetches and media, blob: media for hls.js
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        String store = Infrastructure.shared().s3().endpoint().toString();
        assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe-eval")
                .containsPattern("connect-src 'self' " + Pattern.quote(store)).containsPattern("media-src 'self' blob: " + Pattern.quote(store));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

        for (String module : List.of("/app/js/main.js", "/app/js/views/record.js", "/app/vendor/hls.js/hls.light.min.mjs")) {
            HttpResponse<String> file = get(module);
            assertThat(file.statusCode()).as(module).isEqualTo(200);
            // browsers refuse a module served with any other type
            assertThat(file.headers().firstValue("Content-Type").orElse("")).as(module).startsWith("text/javascript");
        }
        assertThat(get("/app/app.css").headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
        assertThat(get("/app/js/nothing-here.js").statusCode()).isEqualTo(404);

        HttpResponse<String> records = get("/api/v1/records");
        assertThat(records.statusCode()).isEqualTo(401);
        assertThat(records.body()).contains("\"UNAUTHORIZED\"");
        assertThat(get("/metrics").body()).containsPattern("http_server_requests_seconds_count\\{[^}]*route=\"STATIC\"");
    }

    @Test
    void every_file_runs_under_a_strict_content_security_policy_and_nothing_comes_from_another_host() throws IOException {
        String html = Files.readString(webapp.resolve("index.html"));
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\bsrc=)").as("inline script")
                .doesNotContain("<style").doesNotContainPattern("\\sstyle=").doesNotContainPattern("\\son[a-z]+=")
                .doesNotContainPattern("(src|href)=\"(https?:)?//");
        Pattern unsafe = Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|eval\\(|new Function|setAttribute\\('style'"
                + "|import\\s*\\(?\\s*['\"]https?:|from\\s+['\"]https?:|fetch\\(['\"]https?:");
        try (Stream<Path> files = Files.walk(webapp.resolve("app/js"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                assertThat(unsafe.matcher(Files.readString(file)).find()).as(webapp.relativize(file) + " builds markup, evals, or loads from another host").isFalse();
            }
        }
        assertThat(Files.readString(webapp.resolve("app/vendor/hls.js/VERSION"))).contains("hls.js 1.7.4");
        assertThat(webapp.resolve("app/vendor/hls.js/LICENSE")).exists();
    }

    @Test
    void the_embedded_object_store_lets_a_page_upload_and_read_the_etag_of_each_part() throws Exception {
        String user = ApiHarness.newUser();
        JsonNode plan = api.postJson(user, "/api/v1/uploads",
                Map.of("filename", "a.wav", "contentType", "audio/wav", "sizeBytes", 7L << 20)).json();
        URI part = URI.create(plan.at("/parts/0/url").asText());
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(part)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:8080")
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("PUT");

        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(part).header("Origin", "http://localhost:8080")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[5 << 20])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.headers().firstValue("ETag")).isPresent();
        assertThat(put.headers().firstValue("Access-Control-Expose-Headers").orElse("")).containsIgnoringCase("ETag");
    }

    @Test
    void the_waveform_peaks_are_a_rendition_of_the_audio_route() {
        String user = ApiHarness.newUser();
        byte[] wav = io.audiojobs.api.TestAudio.wav(0.5);
        JsonNode plan = api.postJson(user, "/api/v1/uploads",
                Map.of("filename", "a.wav", "contentType", "audio/wav", "sizeBytes", wav.length)).json();
        api.putTo(plan, wav);
        long id = api.postJson(user, "/api/v1/records", Map.of("title", "peaks", "uploadId", plan.get("uploadId").asLong()))
                .json().at("/record/id").asLong();
        var notYet = api.get(user, "/api/v1/records/" + id + "/audio?rendition=peaks");
        assertThat(notYet.status()).isEqualTo(404); // no worker here: converted in the whole-system tests
        assertThat(notYet.json().at("/error/code").asText()).isEqualTo("RENDITION_NOT_AVAILABLE");
        var unknown = api.get(user, "/api/v1/records/" + id + "/audio?rendition=waveform");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/error/message").asText()).contains("peaks");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(api.uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}

package io.audiojobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The API as the benchmark's clients call it: over HTTP, the way the README's curl examples do. */
final class BenchClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String api;

    BenchClient(String apiUrl) {
        this.api = apiUrl.replaceAll("/$", "");
    }

    /** A presigned upload of {@code audio}, PUT to S3: its upload id, ready for a record. */
    long uploaded(String token, byte[] audio) throws IOException, InterruptedException {
        JsonNode plan = json(send(post(token, "/api/v1/uploads",
                Map.of("filename", "bench.wav", "contentType", "audio/wav", "sizeBytes", audio.length)), 201));
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(plan.get("url").asText())).PUT(BodyPublishers.ofByteArray(audio));
        plan.get("headers").fields().forEachRemaining(header -> {
            if (!header.getKey().equalsIgnoreCase("content-length")) { // the client sets it
                put.header(header.getKey(), header.getValue().asText()); // signed: If-None-Match too
            }
        });
        send(put.build(), 200);
        return plan.get("uploadId").asLong();
    }

    HttpResponse<String> createRecord(String token, long uploadId) throws IOException, InterruptedException {
        return http.send(post(token, "/api/v1/records", Map.of("title", "bench", "uploadId", uploadId)), BodyHandlers.ofString());
    }

    static long recordId(HttpResponse<String> created) throws IOException {
        return JSON.readTree(created.body()).get("record").get("id").asLong();
    }

    HttpResponse<String> get(String token, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", "Bearer " + token).build(),
                BodyHandlers.ofString());
    }

    JsonNode getJson(String token, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(token, path);
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    HttpResponse<String> put(String token, String path, Map<String, Object> body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8))
                .build(), BodyHandlers.ofString());
    }

    /** A GET as a media player makes it: an absolute URL, no credentials. */
    HttpResponse<byte[]> fetch(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofByteArray());
    }

    static JsonNode json(String body) throws IOException {
        return JSON.readTree(body);
    }

    /** Polls the record's job-status every {@code poll} until COMPLETED (returned) or FAILED (thrown). */
    JsonNode awaitCompleted(String token, long recordId, Duration timeout, Duration poll) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = getJson(token, "/api/v1/records/" + recordId + "/job-status");
            switch (status.get("status").asText()) {
                case "COMPLETED" -> {
                    return status;
                }
                case "FAILED" -> throw new IllegalStateException("record " + recordId + " failed: " + status);
                default -> Thread.sleep(poll);
            }
        }
        throw new IllegalStateException("record " + recordId + " did not finish within " + timeout);
    }

    /** A direct upload (multipart form, streamed from the file): POST /api/v1/records with title and audio. */
    HttpResponse<String> directUpload(String token, Path file) throws IOException, InterruptedException {
        String boundary = "bench-" + System.nanoTime();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nbench direct upload\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"" + file.getFileName()
                + "\"\r\nContent-Type: audio/wav\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/api/v1/records"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(BodyPublishers.concat(BodyPublishers.ofString(head), BodyPublishers.ofFile(file), BodyPublishers.ofString(tail)))
                .build();
        return http.send(request, BodyHandlers.ofString());
    }

    /** The floor server's one endpoint. */
    HttpResponse<String> floor(URI floor) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(floor).POST(BodyPublishers.ofString("bench")).build(), BodyHandlers.ofString());
    }

    /** GC pauses of the API so far: how many, and their total length in seconds (Micrometer's jvm_gc_pause timer). */
    record GcPauses(double count, double seconds) {
        GcPauses since(GcPauses before) {
            return new GcPauses(count - before.count, seconds - before.seconds);
        }
    }

    GcPauses gcPauses() throws IOException, InterruptedException {
        String metrics = metrics();
        return new GcPauses(sum(metrics, "jvm_gc_pause_seconds_count{", ""), sum(metrics, "jvm_gc_pause_seconds_sum{", ""));
    }

    /** The API's heap in use now (the sum of its heap pools in /metrics). */
    long heapUsedBytes() throws IOException, InterruptedException {
        return (long) sum(metrics(), "jvm_memory_used_bytes{", "area=\"heap\"");
    }

    private String metrics() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(api + "/metrics")).build(), BodyHandlers.ofString()).body();
    }

    /** The sum of the Prometheus samples whose line starts with {@code prefix} and contains {@code label}. */
    static double sum(String metrics, String prefix, String label) {
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(prefix) && line.contains(label)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private HttpRequest post(String token, String path, Map<String, Object> body) throws IOException {
        return HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8))
                .build();
    }

    private HttpResponse<String> send(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IOException(request.method() + " " + request.uri().getPath() + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        return response;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}

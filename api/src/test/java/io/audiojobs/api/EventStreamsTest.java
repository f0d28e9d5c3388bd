package io.audiojobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static io.audiojobs.api.AuthAndErrorsTest.assertErrorBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Event streams over real sockets: a client that stops reading never delays another one, and
 * connections are bounded per user and per node.
 */
class EventStreamsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Large events fill the TCP buffers of a client that does not read within a few dozen events. */
    private static final int EVENT_BYTES = 200_000;
    private static final int EVENTS = 60;

    private final ApiHarness api = ApiHarness.shared();

    @Test
    void a_client_that_never_reads_does_not_delay_one_that_does() throws Exception {
        String user = ApiHarness.newUser();
        long id = queuedRecord(api, user);

        try (Socket stalled = openStream(api, user, id)) {
            readUntilFirstEvent(stalled.getInputStream()); // subscribed; from now on it reads nothing
            Set<Integer> seen = ConcurrentHashMap.newKeySet();
            HttpResponse<Stream<String>> reader = follow(api, user, id, line -> {
                if (line.startsWith("data:")) {
                    seen.add(JSON.readTree(line.substring(5)).get("progress").asInt());
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains(0));

            String filler = "x".repeat(EVENT_BYTES);
            for (int progress = 1; progress <= EVENTS; progress++) {
                changeRecord(id, progress, filler + progress);
                int expected = progress;
                await("event " + progress + " reaches the client that reads").pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(1)).until(() -> seen.contains(expected));
            }
            reader.body().close();

            // the client that fell behind was disconnected, not waited for
            await().atMost(Duration.ofSeconds(10)).until(() -> closedByServer(stalled));
        }
    }

    @Test
    void the_stream_sends_completed_and_ends() throws Exception {
        String user = ApiHarness.newUser();
        long id = queuedRecord(api, user);
        EventNames stream = eventNames(user, id);

        api.database().jdbi().useHandle(h -> h.createUpdate("UPDATE records SET status = 'COMPLETED', progress = 100 WHERE id = :id")
                .bind("id", id).execute());

        assertThat(stream.ended().await(5, java.util.concurrent.TimeUnit.SECONDS)).as("the server ended the stream").isTrue();
        assertThat(stream.names().getLast()).isEqualTo("completed");
        stream.response().body().close();
    }

    @Test
    void the_stream_of_a_record_deleted_while_it_is_processed_ends() throws Exception {
        String user = ApiHarness.newUser();
        long id = queuedRecord(api, user);
        EventNames stream = eventNames(user, id);

        assertThat(api.delete(user, "/api/v1/records/" + id).status()).isEqualTo(204);

        assertThat(stream.ended().await(5, java.util.concurrent.TimeUnit.SECONDS)).as("the server ended the stream").isTrue();
        stream.response().body().close();
    }

    /** A followed stream: the names of the events it sent, and whether the server has ended it. */
    private record EventNames(List<String> names, java.util.concurrent.CountDownLatch ended, HttpResponse<Stream<String>> response) {}

    /** Follows the record's stream until its first progress event has come. */
    private EventNames eventNames(String user, long id) throws Exception {
        List<String> names = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        HttpResponse<Stream<String>> response = follow(api, user, id, line -> {
            if (line.startsWith("event:")) {
                names.add(line.substring(6).trim());
            }
        }, ended::countDown);
        await().atMost(Duration.ofSeconds(5)).until(() -> names.contains("progress"));
        return new EventNames(names, ended, response);
    }

    @Test
    void streams_past_the_per_user_or_per_node_limit_are_refused_with_429() throws Exception {
        ApiHarness limited = ApiHarness.custom(Map.of("EVENT_STREAMS_PER_USER", "2", "EVENT_STREAMS_PER_NODE", "3"));
        List<Socket> open = new CopyOnWriteArrayList<>();
        try {
            String alice = ApiHarness.newUser();
            String bob = ApiHarness.newUser();
            long alicesRecord = queuedRecord(limited, alice);
            long bobsRecord = queuedRecord(limited, bob);
            for (int i = 0; i < 2; i++) {
                open.add(openStream(limited, alice, alicesRecord));
                readUntilFirstEvent(open.getLast().getInputStream());
            }

            var thirdOfAlice = tryToOpen(limited, alice, alicesRecord);
            assertThat(thirdOfAlice.status()).isEqualTo(429);
            assertErrorBody(thirdOfAlice, "TOO_MANY_STREAMS", "/api/v1/records/" + alicesRecord + "/events");
            assertThat(thirdOfAlice.header("Retry-After")).isNotBlank();

            open.add(openStream(limited, bob, bobsRecord));
            readUntilFirstEvent(open.getLast().getInputStream());
            var beyondTheNode = tryToOpen(limited, bob, bobsRecord);
            assertThat(beyondTheNode.status()).as("the node holds 3 streams at most").isEqualTo(429);
            assertErrorBody(beyondTheNode, "TOO_MANY_STREAMS", "/api/v1/records/" + bobsRecord + "/events");
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
            limited.stop();
        }
    }

    static long queuedRecord(ApiHarness api, String user) {
        byte[] wav = TestAudio.wav(0.2);
        JsonNode plan = api.postJson(user, "/api/v1/uploads",
                Map.of("filename", "a.wav", "contentType", "audio/wav", "sizeBytes", wav.length)).json();
        assertThat(api.putTo(plan, wav)).isEqualTo(200);
        var created = api.postJson(user, "/api/v1/records", Map.of("title", "events", "uploadId", plan.get("uploadId").asLong()));
        assertThat(created.status()).as(created.text()).isEqualTo(202);
        return created.json().at("/record/id").asLong();
    }

    /** As a worker would: each change NOTIFYs the API nodes. */
    private void changeRecord(long id, int progress, String failedReason) {
        api.database().jdbi().useHandle(h -> h.createUpdate("UPDATE records SET progress = :p, failed_reason = :r WHERE id = :id")
                .bind("p", progress).bind("r", failedReason).bind("id", id).execute());
    }

    private static HttpRequest.Builder eventsRequest(ApiHarness api, String user, long id) {
        return api.authorized(user, "/api/v1/records/" + id + "/events").header("Accept", "text/event-stream");
    }

    private interface LineHandler {
        void accept(String line) throws Exception;
    }

    private static HttpResponse<Stream<String>> follow(ApiHarness api, String user, long id, LineHandler handler) throws Exception {
        return follow(api, user, id, handler, () -> { });
    }

    private static HttpResponse<Stream<String>> follow(ApiHarness api, String user, long id, LineHandler handler,
                                                       Runnable onEnd) throws Exception {
        HttpResponse<Stream<String>> response = HTTP.send(
                eventsRequest(api, user, id).timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        Thread.ofVirtual().start(() -> {
            try {
                for (var lines = response.body().iterator(); lines.hasNext(); ) {
                    handler.accept(lines.next());
                }
                onEnd.run();
            } catch (Exception e) {
                // the stream was closed by the test
            }
        });
        return response;
    }

    /** The answer to one more stream: its whole body when refused; an accepted stream is closed at once. */
    private static ApiHarness.Response tryToOpen(ApiHarness api, String user, long id) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(eventsRequest(api, user, id).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            byte[] bytes = response.statusCode() == 200 ? new byte[0] : body.readAllBytes();
            return new ApiHarness.Response(response.statusCode(), bytes, response.headers().map());
        }
    }

    /** A raw connection with a tiny receive window that sends the request and reads only what the test asks. */
    private static Socket openStream(ApiHarness api, String user, long id) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        socket.connect(new java.net.InetSocketAddress("localhost", api.uri("/").getPort()));
        socket.setSoTimeout(10_000);
        String request = "GET /api/v1/records/" + id + "/events HTTP/1.1\r\n"
                + "Host: localhost\r\n"
                + "Accept: text/event-stream\r\n"
                + "Authorization: Bearer " + ApiHarness.token(user) + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** Reads the response head and the first event (the record's state when the stream opened). */
    private static void readUntilFirstEvent(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the stream ended early: " + read.toString(StandardCharsets.UTF_8));
            }
            read.write(b);
            String text = read.toString(StandardCharsets.UTF_8);
            int data = text.indexOf("\ndata:");
            if (data >= 0 && text.indexOf("\n\n", data) > 0) {
                assertThat(text).startsWith("HTTP/1.1 200");
                return;
            }
        }
    }

    /** True once the server has closed the connection (reading reaches its end or a reset). */
    private static boolean closedByServer(Socket socket) {
        try {
            byte[] buffer = new byte[1 << 16];
            InputStream in = socket.getInputStream();
            socket.setReceiveBufferSize(1 << 20); // drain what the server sent before it closed quickly
            socket.setSoTimeout(200);
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}

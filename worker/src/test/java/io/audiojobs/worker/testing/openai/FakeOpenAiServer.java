package io.audiojobs.worker.testing.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A small OpenAI-compatible HTTP server for tests: real HTTP on 127.0.0.1 (random port), speaking
 * enough of the protocol for {@code POST /v1/audio/transcriptions} (multipart, parsed) and
 * {@code POST /v1/chat/completions} (JSON). Every request is recorded for assertions.
 *
 * <p>Responses are scripted per request: {@link #respondWith} queues a response for the next
 * request (to any endpoint); when the queue is empty a transcription request gets
 * {@link #transcriptionBody()} (a verbose_json success by default) and a chat request gets a chat
 * completion whose message content is {@link #chatContent()}. {@link #delayNext(Duration)} holds
 * the next response back, so a client with a shorter timeout gives up.
 *
 * <pre>{@code
 * try (var server = FakeOpenAiServer.start()) {
 *     server.respondWithError(429, "Slow down", Map.of("Retry-After", "0"));
 *     ... client against server.baseUrl() ...
 *     assertThat(server.transcriptionRequests()).hasSize(2);
 * }
 * }</pre>
 */
public final class FakeOpenAiServer implements AutoCloseable {

    public static final String TRANSCRIPTIONS_PATH = "/v1/audio/transcriptions";
    public static final String CHAT_COMPLETIONS_PATH = "/v1/chat/completions";

    /** A verbose_json transcription as OpenAI's whisper-1 returns it (language as a name, times in seconds). */
    public static final String DEFAULT_VERBOSE_JSON = """
            {
              "task": "transcribe",
              "language": "english",
              "duration": 2.5,
              "text": "Hello world. Second part.",
              "segments": [
                {"id": 0, "seek": 0, "start": 0.0, "end": 1.2, "text": " Hello world.",
                 "tokens": [50364, 2425, 1002, 13], "temperature": 0.0, "avg_logprob": -0.2,
                 "compression_ratio": 0.8, "no_speech_prob": 0.01},
                {"id": 1, "seek": 0, "start": 1.2, "end": 2.5, "text": " Second part.",
                 "tokens": [50424, 5736, 644, 13], "temperature": 0.0, "avg_logprob": -0.3,
                 "compression_ratio": 0.8, "no_speech_prob": 0.02}
              ],
              "words": [
                {"word": "Hello", "start": 0.0, "end": 0.48},
                {"word": "world", "start": 0.5, "end": 1.04},
                {"word": "Second", "start": 1.2, "end": 1.7},
                {"word": "part", "start": 1.72, "end": 2.5}
              ],
              "usage": {"type": "duration", "seconds": 3}
            }
            """;

    /** A message content that satisfies the summary schema. */
    public static final String DEFAULT_CHAT_CONTENT =
            "{\"summary\":\"A short talk that greets the world.\",\"topics\":[\"greetings\",\"testing\"]}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final ConcurrentLinkedQueue<ScriptedResponse> script = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Duration> delays = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> transcriptionBody = new AtomicReference<>(DEFAULT_VERBOSE_JSON);
    private final AtomicReference<String> chatContent = new AtomicReference<>(DEFAULT_CHAT_CONTENT);
    private final AtomicInteger completionIds = new AtomicInteger();

    private FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // One thread per exchange: a delayed response must not hold up the client's retry.
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-openai-server");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeOpenAiServer start() {
        try {
            return new FakeOpenAiServer();
        } catch (IOException e) {
            throw new IllegalStateException("could not start the fake OpenAI server", e);
        }
    }

    /** {@code http://127.0.0.1:<port>/v1}, what the OpenAI client takes as its base URL. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    // ---------------------------------------------------------------- scripting

    /** Queues a response (any status, JSON body) for the next request. */
    public FakeOpenAiServer respondWith(int status, String jsonBody) {
        return respondWith(status, jsonBody, Map.of());
    }

    /** Queues a response with extra headers (e.g. {@code Retry-After}) for the next request. */
    public FakeOpenAiServer respondWith(int status, String jsonBody, Map<String, String> headers) {
        script.add(new ScriptedResponse(status, jsonBody, Map.copyOf(headers)));
        return this;
    }

    /** Queues an OpenAI-shaped error ({@code {"error": {"message": ..., ...}}}) for the next request. */
    public FakeOpenAiServer respondWithError(int status, String message) {
        return respondWithError(status, message, Map.of());
    }

    public FakeOpenAiServer respondWithError(int status, String message, Map<String, String> headers) {
        return respondWith(status, errorBody(status, message), headers);
    }

    /** Queues the same error {@code times} times. */
    public FakeOpenAiServer respondWithErrorTimes(int times, int status, String message, Map<String, String> headers) {
        for (int i = 0; i < times; i++) {
            respondWithError(status, message, headers);
        }
        return this;
    }

    /** Queues a successful chat completion whose assistant message content is {@code content}. */
    public FakeOpenAiServer respondWithChatContent(String content) {
        script.add(new ScriptedResponse(200, null, Map.of(), content));
        return this;
    }

    /** Holds the next response back for {@code delay} (the request is recorded at once). */
    public FakeOpenAiServer delayNext(Duration delay) {
        delays.add(delay);
        return this;
    }

    /** The body returned to transcription requests when nothing is queued. */
    public FakeOpenAiServer transcriptionBody(String verboseJson) {
        transcriptionBody.set(verboseJson);
        return this;
    }

    public String transcriptionBody() {
        return transcriptionBody.get();
    }

    /** The assistant message content returned to chat requests when nothing is queued. */
    public FakeOpenAiServer chatContent(String content) {
        chatContent.set(content);
        return this;
    }

    public String chatContent() {
        return chatContent.get();
    }

    /** Forgets recorded requests and queued responses/delays; keeps the default bodies. */
    public void reset() {
        script.clear();
        delays.clear();
        requests.clear();
    }

    // ---------------------------------------------------------------- assertions

    /** All requests in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    public List<RecordedRequest> transcriptionRequests() {
        return requests.stream().filter(r -> r.path().equals(TRANSCRIPTIONS_PATH)).toList();
    }

    public List<RecordedRequest> chatRequests() {
        return requests.stream().filter(r -> r.path().equals(CHAT_COMPLETIONS_PATH)).toList();
    }

    // ---------------------------------------------------------------- protocol

    /** The error JSON OpenAI sends: {@code {"error":{"message","type","param","code"}}}. */
    public static String errorBody(int status, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", status == 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error");
        error.putNull("param");
        error.putNull("code");
        return root.toString();
    }

    /** A chat.completion object with one choice whose message content is {@code content}. */
    public static String chatCompletionBody(String id, String model, String content) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", id);
        root.put("object", "chat.completion");
        root.put("created", System.currentTimeMillis() / 1000);
        root.put("model", model);
        ArrayNode choices = root.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        message.putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", 100);
        usage.put("completion_tokens", 20);
        usage.put("total_tokens", 120);
        return root.toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            Multipart multipart = Multipart.parse(contentType, body);
            requests.add(new RecordedRequest(exchange.getRequestMethod(), path, Collections.unmodifiableMap(headers),
                    body, multipart.fields(), multipart.files()));

            Duration delay = delays.poll();
            if (delay != null && !delay.isZero()) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return; // server closing
                }
            }

            ScriptedResponse response = script.poll();
            if (response == null) {
                response = defaultResponse(exchange.getRequestMethod(), path);
            }
            String responseBody = response.chatContent() != null
                    ? chatCompletionBody("chatcmpl-fake-" + completionIds.incrementAndGet(), modelOf(body), response.chatContent())
                    : response.body();
            send(exchange, response.status(), responseBody, response.headers());
        } catch (IOException clientWentAway) {
            // e.g. the client timed out and closed the connection while the response was delayed
        }
    }

    private ScriptedResponse defaultResponse(String method, String path) {
        if (!method.equals("POST")) {
            return new ScriptedResponse(405, errorBody(405, "Method " + method + " not allowed on " + path), Map.of());
        }
        return switch (path) {
            case TRANSCRIPTIONS_PATH -> new ScriptedResponse(200, transcriptionBody.get(), Map.of());
            case CHAT_COMPLETIONS_PATH -> new ScriptedResponse(200, null, Map.of(), chatContent.get());
            default -> new ScriptedResponse(404, errorBody(404, "Unknown path " + path), Map.of());
        };
    }

    private static String modelOf(byte[] body) {
        try {
            return JSON.readTree(body).path("model").asText("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void send(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-request-id", "req_fake_" + System.nanoTime());
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- records

    private record ScriptedResponse(int status, String body, Map<String, String> headers, String chatContent) {
        ScriptedResponse(int status, String body, Map<String, String> headers) {
            this(status, body, headers, null);
        }
    }

    /**
     * One request as the server received it. For multipart requests {@code fields} holds the text
     * parts (name to values, in order; e.g. {@code timestamp_granularities[]} has two) and
     * {@code files} the parts that carried a filename or a non-text content type.
     */
    public record RecordedRequest(String method, String path, Map<String, List<String>> headers, byte[] body,
                                  Map<String, List<String>> fields, List<FilePart> files) {

        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The first value of a multipart text field, or null. */
        public String field(String name) {
            List<String> values = fields.get(name);
            return values == null || values.isEmpty() ? null : values.getFirst();
        }

        public List<String> fieldValues(String name) {
            return fields.getOrDefault(name, List.of());
        }

        /** The file part with the given field name (e.g. "file"). */
        public Optional<FilePart> file(String name) {
            return files.stream().filter(f -> f.name().equals(name)).findFirst();
        }
    }

    /** A multipart file part; {@code filename} is null when the part had none. */
    public record FilePart(String name, String filename, String contentType, byte[] content) {
        public int length() {
            return content.length;
        }
    }

    // ---------------------------------------------------------------- multipart/form-data parsing

    private record Multipart(Map<String, List<String>> fields, List<FilePart> files) {
        static final Multipart NONE = new Multipart(Map.of(), List.of());

        static Multipart parse(String contentType, byte[] body) {
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
                return NONE;
            }
            String boundary = parameter(contentType, "boundary");
            if (boundary == null) {
                return NONE;
            }
            Map<String, List<String>> fields = new LinkedHashMap<>();
            List<FilePart> files = new ArrayList<>();
            byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
            byte[] nextDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
            byte[] headerEnd = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

            int pos = indexOf(body, delimiter, 0);
            while (pos >= 0) {
                pos += delimiter.length;
                if (pos + 2 <= body.length && body[pos] == '-' && body[pos + 1] == '-') {
                    break; // closing delimiter
                }
                pos += 2; // CRLF after the delimiter
                int headersEnd = indexOf(body, headerEnd, pos);
                if (headersEnd < 0) {
                    break;
                }
                String headerBlock = new String(body, pos, headersEnd - pos, StandardCharsets.UTF_8);
                int contentStart = headersEnd + headerEnd.length;
                int contentEnd = indexOf(body, nextDelimiter, contentStart);
                if (contentEnd < 0) {
                    break;
                }
                byte[] content = Arrays.copyOfRange(body, contentStart, contentEnd);
                String disposition = null;
                String partType = null;
                for (String line : headerBlock.split("\r\n")) {
                    int colon = line.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = line.substring(colon + 1).trim();
                    if (name.equals("content-disposition")) {
                        disposition = value;
                    } else if (name.equals("content-type")) {
                        partType = value;
                    }
                }
                String name = disposition == null ? "" : parameter(disposition, "name");
                String filename = disposition == null ? null : parameter(disposition, "filename");
                boolean text = partType == null || partType.toLowerCase(Locale.ROOT).startsWith("text/plain");
                if (filename != null || !text) {
                    files.add(new FilePart(name, filename, partType, content));
                } else {
                    fields.computeIfAbsent(name, k -> new ArrayList<>()).add(new String(content, StandardCharsets.UTF_8));
                }
                pos = contentEnd + 2; // at the next "--boundary"
            }
            Map<String, List<String>> frozen = new LinkedHashMap<>();
            fields.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
            return new Multipart(Collections.unmodifiableMap(frozen), List.copyOf(files));
        }

        /** A {@code ; key=value} or {@code ; key="value"} parameter of a header value. */
        private static String parameter(String headerValue, String key) {
            for (String piece : headerValue.split(";")) {
                String trimmed = piece.trim();
                int eq = trimmed.indexOf('=');
                if (eq > 0 && trimmed.substring(0, eq).trim().equalsIgnoreCase(key)) {
                    String value = trimmed.substring(eq + 1).trim();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    return value;
                }
            }
            return null;
        }

        private static int indexOf(byte[] haystack, byte[] needle, int from) {
            outer:
            for (int i = Math.max(from, 0); i <= haystack.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}

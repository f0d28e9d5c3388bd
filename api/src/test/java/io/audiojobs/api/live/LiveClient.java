package io.audiojobs.api.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A live WebSocket client for tests: the JDK's java.net.http.WebSocket, every message the server
 * sends kept in arrival order, and a wait for the next one of a type.
 */
public final class LiveClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The close the server sent: its status code and reason. */
    public record Close(int status, String reason) {}

    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final List<JsonNode> all = java.util.Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private LiveClient(URI uri, boolean reads) {
        StringBuilder text = new StringBuilder();
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public void onOpen(WebSocket ws) {
                        if (reads) {
                            ws.request(1);
                        }
                    }

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                JsonNode message = JSON.readTree(text.toString());
                                all.add(message);
                                received.add(message);
                            } catch (Exception e) {
                                throw new IllegalStateException("not JSON: " + text, e);
                            }
                            text.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                        closed.complete(new Close(status, reason));
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        closed.complete(new Close(-1, String.valueOf(error)));
                    }
                }).join();
    }

    /** Connects to ws://host:port/api/v1/live, with {@code ?access_token=} when a token is given. */
    public static LiveClient connect(int port, String token) {
        String query = token == null ? "" : "?access_token=" + token;
        return new LiveClient(URI.create("ws://localhost:" + port + "/api/v1/live" + query), true);
    }

    /**
     * Connects with the token in the query and never reads: what the server sends piles up in the
     * socket's buffers, as for a client whose page froze or whose network stalled.
     */
    public static LiveClient connectWithoutReading(int port, String token) {
        return new LiveClient(URI.create("ws://localhost:" + port + "/api/v1/live?access_token=" + token), false);
    }

    public LiveClient send(Map<String, ?> message) {
        try {
            return sendText(JSON.writeValueAsString(message));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public LiveClient sendText(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    /** Seed 000's message as its client writes it. */
    public LiveClient chunk(UUID sessionId, long sequence, byte[] audio, String mimeType) {
        return send(Map.of("type", "audio_chunk", "sessionId", sessionId.toString(), "sequence", sequence,
                "timestamp", System.currentTimeMillis(), "audioData", Base64.getEncoder().encodeToString(audio),
                "mimeType", mimeType));
    }

    /** The same chunk as one binary frame (the 32-byte header of BinaryChunkFrame, then the bytes). */
    public LiveClient binaryChunk(UUID sessionId, long sequence, byte[] audio) {
        socket.sendBinary(ByteBuffer.wrap(BinaryChunkFrame.encode(sessionId, sequence, System.currentTimeMillis(), audio)), true)
                .join();
        return this;
    }

    /** Starts a session and returns its id. */
    public UUID start(String mimeType) {
        send(Map.of("type", "start_session", "mimeType", mimeType, "title", "test", "language", "en"));
        return UUID.fromString(next("session_started").get("sessionId").asText());
    }

    /** The next message of this type (skipping others), within 10 s. */
    public JsonNode next(String type) {
        return next(type, Duration.ofSeconds(10));
    }

    public JsonNode next(String type, Duration within) {
        return next(m -> type.equals(m.path("type").asText()), within, type);
    }

    public JsonNode next(Predicate<JsonNode> wanted, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode message = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
                if (message == null) {
                    throw new AssertionError("no " + what + " within " + within + "; received: " + all);
                }
                if (wanted.test(message)) {
                    return message;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Every message received so far, in order. */
    public List<JsonNode> received() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    public Close awaitClose(Duration within) {
        return closed.orTimeout(within.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    /** Drops the connection without a close handshake, as a lost network would. */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }
}

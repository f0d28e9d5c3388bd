package io.audiojobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One benchmark client of the live WebSocket: binary audio_chunk frames out (the lean framing a
 * production client would use), every server message handed to a listener with the time it came.
 */
final class LiveSocket implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A server message and System.nanoTime() when it arrived. */
    record Received(JsonNode message, long atNanos) {}

    private final WebSocket socket;
    private final CompletableFuture<UUID> started = new CompletableFuture<>();

    LiveSocket(HttpClient http, URI live, String token, Consumer<Received> listener) {
        StringBuilder text = new StringBuilder();
        this.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .buildAsync(URI.create(live + "?access_token=" + token), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        long at = System.nanoTime();
                        text.append(data);
                        if (last) {
                            try {
                                JsonNode message = JSON.readTree(text.toString());
                                if (message.path("type").asText().equals("session_started")) {
                                    started.complete(UUID.fromString(message.get("sessionId").asText()));
                                }
                                listener.accept(new Received(message, at));
                            } catch (Exception e) {
                                started.completeExceptionally(e);
                            }
                            text.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).join();
    }

    UUID start(String mimeType) {
        socket.sendText("{\"type\":\"start_session\",\"mimeType\":\"" + mimeType + "\",\"title\":\"bench\"}", true).join();
        return started.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
    }

    /** Sends a chunk in the binary framing: 16-byte session id, 8-byte sequence, 8-byte timestamp, audio. */
    synchronized void chunk(UUID session, long sequence, byte[] audio) {
        ByteBuffer frame = ByteBuffer.allocate(32 + audio.length).putLong(session.getMostSignificantBits())
                .putLong(session.getLeastSignificantBits()).putLong(sequence).putLong(System.currentTimeMillis()).put(audio);
        socket.sendBinary(frame.flip(), true).join();
    }

    synchronized void send(String json) {
        socket.sendText(json, true).join();
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").exceptionally(e -> null);
        socket.abort();
    }
}

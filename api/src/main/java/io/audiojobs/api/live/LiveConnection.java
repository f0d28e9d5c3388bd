package io.audiojobs.api.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.audiojobs.api.auth.TokenUsers;
import io.audiojobs.api.events.StreamQuota;
import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.http.ErrorHandlers;
import io.audiojobs.shared.live.LiveChunkDao;
import io.audiojobs.shared.live.LiveContainer;
import io.audiojobs.shared.live.LivePiece;
import io.audiojobs.shared.live.LiveSession;
import io.audiojobs.shared.storage.StorageUnavailableException;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static io.audiojobs.api.live.ClientMessages.parseUuid;
import static io.audiojobs.api.live.ClientMessages.sessionId;

/**
 * One client's WebSocket: authentication, then the messages of SPEC §6 in the order they arrive
 * (Jetty hands this connection one message at a time). What it keeps is a cache: the sessions it
 * streams, with the sequences it knows are stored. A refused message is answered with an error; only
 * a failed authentication closes the socket ({@link LiveAuthentication}). Everything sent goes through
 * {@link LiveOutput}, which a client that stops reading cannot hold up.
 */
final class LiveConnection {
    private static final Logger log = LoggerFactory.getLogger(LiveConnection.class);

    /** A session this connection streams: its container and which of its chunks are stored. */
    private record Open(LiveSession session, SequenceTracker tracker) {}

    private final WsContext ws;
    private final LiveOutput out;
    private final LiveAuthentication auth;
    private final LiveSessions sessions;
    private final LiveEvents events;
    private final ObjectMapper json;
    private final ChunkRate rate;
    private final int maxTextChars;
    private final Map<UUID, Open> open = new ConcurrentHashMap<>();
    private final Set<UUID> stoppedSent = ConcurrentHashMap.newKeySet();

    LiveConnection(WsContext ws, TokenUsers authenticator, LiveSessions sessions, LiveEvents events, ObjectMapper json,
                   StreamQuota quota) {
        this.ws = ws;
        this.out = new LiveOutput(ws, json);
        this.auth = new LiveAuthentication(authenticator, quota, out);
        this.sessions = sessions;
        this.events = events;
        this.json = json;
        this.rate = new ChunkRate(sessions.limits().chunksPerSecond(), System.nanoTime());
        this.maxTextChars = maxTextChars(sessions.limits().maxChunkBytes());
    }

    /** The longest text message taken: a chunk of the maximum size in base64, plus room for the other fields. */
    static int maxTextChars(int maxChunkBytes) {
        return (maxChunkBytes + 2) / 3 * 4 + 4096;
    }

    boolean isAuthenticated() {
        return auth.isAuthenticated();
    }

    void opened() {
        String token = ws.queryParam("access_token");
        if (token != null) {
            auth.authenticate(token);
        }
    }

    void closed() {
        out.closed();
        events.unsubscribe(this);
        auth.ended();
    }

    /** Called now and then (LiveSocket): a revoked or expired token ends the socket. */
    void recheckToken() {
        auth.recheck();
    }

    /** No auth message came in time. */
    void authTimedOut() {
        auth.timedOut();
    }

    void text(String text) {
        if (text.length() > maxTextChars) {
            if (auth.isAuthenticated()) {
                send(chunkLimit("MESSAGE_TOO_LARGE", "This message has " + text.length() + " characters; the most taken is "
                        + maxTextChars + " (a chunk of LIVE_MAX_CHUNK_BYTES in base64 and the other fields).").message());
            } else {
                out.refuse("Authenticate first.");
            }
            return;
        }
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (JsonProcessingException e) {
            message = null;
        }
        boolean typed = message != null && message.isObject() && message.path("type").isTextual();
        if (!auth.isAuthenticated()) { // before authentication only an auth message is read; anything else ends the socket
            if (typed && message.get("type").asText().equals("auth")) {
                auth.authenticate(message.path("token").asText(""));
            } else {
                out.refuse("The first message must be {\"type\":\"auth\",\"token\":\"<JWT>\"} (or connect with ?access_token=).");
            }
            return;
        }
        if (!typed) {
            send(LiveError.of("BAD_MESSAGE", "Messages are JSON objects with a \"type\".").message());
            return;
        }
        String type = message.get("type").asText();
        JsonNode m = message;
        handle(m, () -> dispatch(type, m));
    }

    void binary(ByteBuffer data) {
        if (!auth.isAuthenticated()) {
            out.refuse("Authenticate before sending audio.");
            return;
        }
        if (data.remaining() > sessions.limits().maxChunkBytes() + BinaryChunkFrame.HEADER_BYTES) {
            send(chunkLimit("CHUNK_TOO_LARGE", "This frame has " + data.remaining() + " bytes; a chunk may have at most "
                    + sessions.limits().maxChunkBytes() + " bytes of audio.").message());
            return;
        }
        handle(null, () -> {
            BinaryChunkFrame frame = BinaryChunkFrame.parse(data);
            chunk(frame.sessionId(), frame.sequence(), frame.timestamp(), frame.audio());
        });
    }

    private void dispatch(String type, JsonNode m) {
        switch (type) {
            case "auth" -> send(new LiveMessages.Authenticated(auth.user()));
            case "ping" -> send(new LiveMessages.Pong());
            case "start_session" -> start(m);
            case "audio_chunk" -> {
                ClientMessages.AudioChunk chunk = ClientMessages.audioChunk(m);
                requireSameContainer(chunk);
                chunk(chunk.sessionId(), chunk.sequence(), chunk.timestamp(), chunk.audio());
            }
            case "stop_session" -> stop(sessionId(m));
            case "resume_session" -> resume(sessionId(m));
            case "get_sessions" -> send(list(m));
            case "get_session" -> send(new LiveMessages.SessionDetails(sessions.view(owned(sessionId(m)))));
            case "retranscribe_chunk" -> retranscribe(m);
            case "delete_session" -> delete(sessionId(m));
            default -> throw LiveError.of("UNKNOWN_TYPE", "Unknown message type '" + ClientMessages.shown(type) + "'.");
        }
    }

    private void start(JsonNode m) {
        ClientMessages.Start request = ClientMessages.start(m);
        sessions.requireLanguageAndModel(request.language(), request.model());
        LiveSession session = sessions.start(auth.user(), request.title(), request.language(), request.model(), request.mimeType())
                .orElseThrow(() -> LiveError.limit("TOO_MANY_SESSIONS", "You are already recording "
                        + sessions.limits().sessionsPerUser() + " sessions; stop one first.", "LIVE_MAX_SESSIONS_PER_USER",
                        sessions.limits().sessionsPerUser()));
        open.put(session.id(), new Open(session, SequenceTracker.fresh()));
        events.subscribe(session.id(), this);
        send(new LiveMessages.SessionStarted(sessions.view(session)));
    }

    private void chunk(UUID sessionId, long sequence, Long timestamp, byte[] audio) {
        int max = sessions.limits().maxChunkBytes();
        if (audio.length > max) {
            throw chunkLimit("CHUNK_TOO_LARGE", "This chunk has " + audio.length + " bytes of audio; at most " + max
                    + " are taken. Use a shorter MediaRecorder timeslice.").about(sessionId, sequence);
        }
        if (audio.length == 0) {
            throw LiveError.of("EMPTY_CHUNK", "A chunk needs at least one byte of audio.").about(sessionId, sequence);
        }
        if (sequence < 0) {
            throw LiveError.of("BAD_MESSAGE", "sequence must not be negative.").about(sessionId, sequence);
        }
        if (!rate.tryTake(System.nanoTime())) {
            int perSecond = sessions.limits().chunksPerSecond();
            throw LiveError.limit("TOO_MANY_CHUNKS", "More than " + perSecond + " chunks per second; send this one again "
                    + "in a moment.", "LIVE_MAX_CHUNKS_PER_SECOND", perSecond).about(sessionId, sequence);
        }
        Open session = streaming(sessionId);
        switch (session.tracker().check(sequence)) {
            case DUPLICATE -> {
                send(new LiveMessages.ChunkAck(sessionId, sequence, true));
                return;
            }
            case BEFORE_START -> throw LiveError.beforeStart(session.tracker().first()).about(sessionId, sequence);
            case TOO_FAR_AHEAD -> throw LiveError.tooFarAhead().about(sessionId, sequence);
            case NEW -> { }
        }
        LiveChunkDao.Stored stored;
        try {
            stored = sessions.storeChunk(sessionId, sequence, audio, timestamp);
        } catch (LiveError e) {
            throw e; // refused, not failed: the error is the answer
        } catch (RuntimeException e) {
            send(new LiveMessages.ChunkAck(sessionId, sequence, false));
            throw e;
        }
        if (stored == LiveChunkDao.Stored.SESSION_SEALED) {
            throw LiveError.of("SESSION_STOPPED", "The session has stopped; its recording no longer takes chunks.")
                    .about(sessionId, sequence);
        }
        List<Long> opened = session.tracker().stored(sequence);
        send(new LiveMessages.ChunkAck(sessionId, sequence, true));
        if (!opened.isEmpty()) {
            send(new LiveMessages.MissingChunks(sessionId, opened.subList(0, Math.min(opened.size(), LiveSessions.MISSING_REPORTED))));
        }
    }

    private void stop(UUID sessionId) {
        LiveSession session = owned(sessionId);
        events.subscribe(sessionId, this);
        if (!session.isRecording()) {
            stoppedSent.add(sessionId);
            open.remove(sessionId);
            send(new LiveMessages.SessionStopped(sessions.view(session))); // asked again: answered again
            return;
        }
        List<Long> missing = sessions.progress(sessionId).reported();
        if (!missing.isEmpty()) {
            // the last call for resends: the session waits LIVE_GAP_GRACE for them before it is assembled
            send(new LiveMessages.MissingChunks(sessionId, missing));
        }
        sessions.stop(sessionId);
    }

    private void resume(UUID sessionId) {
        LiveSession session = owned(sessionId);
        LiveSessions.Progress progress = sessions.progress(sessionId);
        open.put(sessionId, new Open(session, progress.tracker()));
        events.subscribe(sessionId, this);
        LiveViews.SessionView view = sessions.view(session);
        send(new LiveMessages.SessionResumed(progress.lastSequence(), progress.reported(), view));
        if (!session.isRecording()) {
            stopped(view);
        }
    }

    private LiveMessages.SessionsList list(JsonNode m) {
        ClientMessages.Page page = ClientMessages.page(m);
        LiveViews.SessionList found = sessions.list(auth.user(), page.limit(), page.offset());
        return new LiveMessages.SessionsList(found.sessions(), found.total());
    }

    private void retranscribe(JsonNode m) {
        UUID sessionId = sessionId(m);
        owned(sessionId);
        String language = ClientMessages.text(m, "language");
        String model = ClientMessages.text(m, "model");
        sessions.requireLanguageAndModel(language, model);
        String chunkId = ClientMessages.text(m, "chunkId");
        LivePiece piece = parseUuid(chunkId).flatMap(sessions::piece).filter(p -> p.sessionId().equals(sessionId))
                .orElseThrow(() -> LiveError.of("CHUNK_NOT_FOUND", "Session " + sessionId + " has no chunk "
                        + ClientMessages.shown(String.valueOf(chunkId)) + ".").about(sessionId, null));
        events.subscribe(sessionId, this);
        sessions.retranscribe(piece, language, model);
        send(new LiveMessages.RetranscribeAccepted(sessionId, piece.id()));
    }

    private void delete(UUID sessionId) {
        LiveSession session = owned(sessionId);
        sessions.delete(session);
        open.remove(sessionId);
        events.unsubscribe(sessionId, this);
        send(new LiveMessages.SessionDeleted(sessionId));
    }

    /** Seed 000's chunk names its container: one other than the session's would not decode with the stream. */
    private void requireSameContainer(ClientMessages.AudioChunk chunk) {
        if (chunk.mimeType() == null) {
            return;
        }
        LiveSession session = streaming(chunk.sessionId()).session();
        if (!LiveContainer.of(chunk.mimeType()).equals(LiveContainer.of(session.mimeType()))) {
            throw LiveError.of("MIME_TYPE_MISMATCH", "This chunk says " + ClientMessages.shown(chunk.mimeType())
                    + "; the session records " + session.mimeType() + ".").about(chunk.sessionId(), chunk.sequence());
        }
    }

    /** A session this connection streams, or one of the caller's it starts streaming now. */
    private Open streaming(UUID sessionId) {
        Open known = open.get(sessionId);
        if (known != null) {
            return known;
        }
        LiveSession session = owned(sessionId);
        LiveSessions.Progress progress = sessions.progress(sessionId);
        events.subscribe(sessionId, this);
        return open.computeIfAbsent(sessionId, id -> new Open(session, progress.tracker()));
    }

    private LiveSession owned(UUID sessionId) {
        return sessions.owned(auth.user(), sessionId).orElseThrow(() -> LiveError.sessionNotFound(sessionId).about(sessionId, null));
    }

    /** Called by {@link LiveEvents}: the session has become a record (or failed); said once per connection. */
    void stopped(LiveViews.SessionView session) {
        if (stoppedSent.add(session.id())) {
            open.remove(session.id());
            send(new LiveMessages.SessionStopped(session));
        }
    }

    /** Called by {@link LiveEvents} with a piece cut or transcribed. */
    void chunkEvent(String type, UUID sessionId, LiveViews.ChunkView chunk) {
        send(new LiveMessages.ChunkEvent(type, sessionId, chunk));
    }

    private void handle(JsonNode message, Runnable action) {
        try {
            action.run();
        } catch (LiveError e) {
            send(e.message());
        } catch (ApiError e) { // a rule shared with the REST routes (a model that does not exist)
            send(LiveError.of(e.code(), e.getMessage()).message());
        } catch (StorageUnavailableException e) {
            log.warn("live: object store unavailable: {}", e.getMessage());
            send(LiveError.of("STORAGE_UNAVAILABLE", "The object store is unavailable; send this again shortly.").message());
        } catch (RuntimeException e) {
            if (ErrorHandlers.isDatabaseOutage(e)) {
                log.warn("live: database unavailable: {}", e.getMessage());
                send(LiveError.of("DATABASE_UNAVAILABLE", "The database is unavailable; send this again shortly.").message());
            } else {
                log.error("live: unexpected error handling {}", message == null ? "a binary chunk" : message.path("type"), e);
                send(LiveError.of("INTERNAL_ERROR", "Something went wrong on our side.").message());
            }
        }
    }

    private LiveError chunkLimit(String code, String message) {
        return LiveError.limit(code, message, "LIVE_MAX_CHUNK_BYTES", sessions.limits().maxChunkBytes());
    }

    private void send(Object message) {
        out.send(message);
    }
}

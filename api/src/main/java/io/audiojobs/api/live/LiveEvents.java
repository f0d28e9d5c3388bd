package io.audiojobs.api.live;

import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.db.PostgresListener;
import io.audiojobs.shared.live.LivePiece;
import io.audiojobs.shared.live.LiveSession;
import org.jdbi.v3.core.Jdbi;
import io.audiojobs.shared.live.LiveSessionDao;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the clients on this API node what workers did to their sessions: a piece cut
 * ({@code chunk_created}) or transcribed ({@code chunk_transcribed}), the session turned into a
 * record ({@code session_stopped}). Workers change rows; triggers NOTIFY; every API node LISTENs
 * (like {@link io.audiojobs.api.events.RecordEvents}), and only the node holding a session's socket
 * reads the row, once for all its subscribers.
 */
public final class LiveEvents implements AutoCloseable {
    public static final String CHANNEL = "audiojobs_live_event";

    private final Jdbi jdbi;
    private final LiveSessions sessions;
    private final Map<UUID, Set<LiveConnection>> subscribers = new ConcurrentHashMap<>();
    private final PostgresListener listener;

    public LiveEvents(AppConfig.Database database, Jdbi jdbi, LiveSessions sessions) {
        this.jdbi = jdbi;
        this.sessions = sessions;
        this.listener = new PostgresListener(database, CHANNEL, "live events listener", new PostgresListener.Handler() {
            @Override
            public void onNotifications(List<String> payloads) {
                new LinkedHashSet<>(payloads).forEach(LiveEvents.this::dispatch);
            }

            @Override
            public void onListening() {
                subscribers.keySet().forEach(LiveEvents.this::sessionChanged); // an end missed while not listening
            }
        });
    }

    public LiveEvents start() {
        listener.start();
        return this;
    }

    void subscribe(UUID sessionId, LiveConnection connection) {
        subscribers.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void unsubscribe(UUID sessionId, LiveConnection connection) {
        subscribers.computeIfPresent(sessionId, (id, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    void unsubscribe(LiveConnection connection) {
        subscribers.keySet().forEach(id -> unsubscribe(id, connection));
    }

    public int subscriberCount() {
        return subscribers.values().stream().mapToInt(Set::size).sum();
    }

    /** 'piece:<session>:<piece>:<status>' or 'session:<session>' (see V7__live_sessions.sql). */
    private void dispatch(String payload) {
        String[] parts = payload.split(":");
        Optional<UUID> session = parts.length > 1 ? ClientMessages.parseUuid(parts[1]) : Optional.empty();
        if (session.isEmpty() || !subscribers.containsKey(session.get())) {
            return;
        }
        if (parts[0].equals("session")) {
            sessionChanged(session.get());
        } else if (parts[0].equals("piece") && parts.length == 4) {
            ClientMessages.parseUuid(parts[2]).ifPresent(piece -> pieceChanged(session.get(), piece, parts[3]));
        }
    }

    private void pieceChanged(UUID sessionId, UUID pieceId, String status) {
        String type = switch (status) {
            case LivePiece.COMPLETED, LivePiece.FAILED -> "chunk_transcribed";
            case LivePiece.PENDING -> "chunk_created";
            default -> null;
        };
        if (type == null) {
            return;
        }
        Optional<LivePiece> piece = sessions.piece(pieceId);
        if (piece.isEmpty() || type.equals("chunk_created") && piece.get().version() > 1) {
            return; // deleted meanwhile, or a retranscription starting (its result comes as chunk_transcribed)
        }
        LiveViews.ChunkView view = LiveViews.ChunkView.of(piece.get());
        subscribers.getOrDefault(sessionId, Set.of()).forEach(c -> c.chunkEvent(type, sessionId, view));
    }

    private void sessionChanged(UUID sessionId) {
        Set<LiveConnection> connections = subscribers.get(sessionId);
        if (connections == null || connections.isEmpty()) {
            return;
        }
        Optional<LiveSession> session = jdbi.withExtension(LiveSessionDao.class, dao -> dao.find(sessionId));
        if (session.isEmpty() || session.get().isRecording()) {
            return;
        }
        LiveViews.SessionView view = sessions.view(session.get());
        connections.forEach(c -> c.stopped(view));
    }

    @Override
    public void close() {
        listener.close();
    }
}

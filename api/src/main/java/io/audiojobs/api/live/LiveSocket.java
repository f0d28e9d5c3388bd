package io.audiojobs.api.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.audiojobs.api.auth.TokenUsers;
import io.audiojobs.api.events.StreamQuota;
import io.javalin.config.JavalinConfig;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The live WebSocket {@code /api/v1/live} (SPEC §6). The token comes as {@code ?access_token=} or as
 * the first message; the server pings every {@link #PING_EVERY} and Jetty closes a socket silent for
 * {@link #IDLE_TIMEOUT}. Every {@link #TOKEN_CHECK_EVERY} each socket's token is checked again, so a revoked
 * API key or an expired JWT does not keep an open socket working. A frame larger than the hard limit (four chunks' worth) makes Jetty close with
 * 1009; anything up to it is read and, if too large for a chunk, answered with an error naming the limit.
 */
public final class LiveSocket implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveSocket.class);
    public static final String PATH = "/api/v1/live";
    static final Duration PING_EVERY = Duration.ofSeconds(20);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    static final Duration AUTH_WITHIN = Duration.ofSeconds(10);
    static final Duration TOKEN_CHECK_EVERY = Duration.ofSeconds(10);

    private final TokenUsers authenticator;
    private final LiveSessions sessions;
    private final LiveEvents events;
    private final ObjectMapper json;
    private final StreamQuota quota;
    private final Map<String, LiveConnection> connections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("live-token-checks").daemon().factory());

    /** @param quota the API node's push-stream permits (EVENT_STREAMS_PER_USER/PER_NODE), shared with the SSE streams */
    public LiveSocket(TokenUsers authenticator, LiveSessions sessions, LiveEvents events, ObjectMapper json,
                      StreamQuota quota) {
        this.quota = quota;
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.events = events;
        this.json = json;
        long every = TOKEN_CHECK_EVERY.toMillis();
        timers.scheduleWithFixedDelay(this::checkTokens, every, every, TimeUnit.MILLISECONDS);
    }

    /** Jetty's own limits for WebSocket frames on this server (its only WebSocket). */
    public void configureJetty(JavalinConfig javalin) {
        long hardLimit = 4L * LiveConnection.maxTextChars(sessions.limits().maxChunkBytes());
        javalin.jetty.modifyWebSocketServletFactory(factory -> {
            factory.setIdleTimeout(IDLE_TIMEOUT);
            factory.setMaxTextMessageSize(hardLimit);
            factory.setMaxBinaryMessageSize(hardLimit);
        });
    }

    public void handlers(WsConfig ws) {
        ws.onConnect(ctx -> {
            LiveConnection connection = new LiveConnection(ctx, authenticator, sessions, events, json, quota);
            connections.put(ctx.sessionId(), connection);
            ctx.enableAutomaticPings(PING_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            connection.opened();
            if (!connection.isAuthenticated()) {
                timers.schedule(connection::authTimedOut, AUTH_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
        ws.onMessage(ctx -> connection(ctx).text(ctx.message()));
        ws.onBinaryMessage(ctx -> connection(ctx).binary(ctx.data()));
        ws.onClose(ctx -> {
            ctx.disableAutomaticPings();
            LiveConnection connection = connections.remove(ctx.sessionId());
            if (connection != null) {
                connection.closed();
            }
        });
        ws.onError(ctx -> {
            LiveConnection connection = connections.remove(ctx.sessionId());
            if (connection != null) {
                connection.closed();
            }
        });
    }

    /** Runs on the timer thread: one socket failing its check must not stop the others' (nor later runs). */
    private void checkTokens() {
        for (LiveConnection connection : connections.values()) {
            try {
                connection.recheckToken();
            } catch (RuntimeException e) {
                log.warn("live: checking a socket's token failed", e);
            }
        }
    }

    public int connectionCount() {
        return connections.size();
    }

    private LiveConnection connection(WsContext ctx) {
        LiveConnection connection = connections.get(ctx.sessionId());
        if (connection == null) {
            throw new IllegalStateException("no live connection for socket " + ctx.sessionId());
        }
        return connection;
    }

    @Override
    public void close() {
        timers.shutdownNow();
        events.close();
    }
}

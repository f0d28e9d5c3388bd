package io.audiojobs.api.live;

import io.audiojobs.api.auth.TokenUsers;
import io.audiojobs.api.events.StreamQuota;
import io.audiojobs.api.http.ApiError;
import io.javalin.websocket.WsCloseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who a live socket belongs to: the token it brought (in the query or a first {@code auth} message),
 * checked when it comes and again now and then, since an API key may be revoked and a JWT expire
 * while the socket stays open; and the push-stream permit the socket holds meanwhile (a live socket
 * counts against EVENT_STREAMS_PER_USER/PER_NODE like GET /records/{id}/events).
 */
final class LiveAuthentication {
    private static final Logger log = LoggerFactory.getLogger(LiveAuthentication.class);

    private final TokenUsers authenticator;
    private final StreamQuota quota;
    private final LiveOutput out;
    private volatile String user;
    private volatile String token;
    private volatile StreamQuota.Permit permit;
    private volatile boolean ended;

    LiveAuthentication(TokenUsers authenticator, StreamQuota quota, LiveOutput out) {
        this.authenticator = authenticator;
        this.quota = quota;
        this.out = out;
    }

    /** The user, or null before authentication. */
    String user() {
        return user;
    }

    boolean isAuthenticated() {
        return user != null;
    }

    void authenticate(String token) {
        String who = authenticator.userOf(token).orElse(null);
        if (who == null) {
            out.refuse("The token is invalid or expired.");
            return;
        }
        try {
            permit = quota.acquire(who);
        } catch (ApiError e) {
            out.send(LiveError.of(e.code(), e.getMessage()).message());
            out.close(WsCloseStatus.TRY_AGAIN_LATER, "too many streams");
            return;
        }
        if (ended) {
            releasePermit(); // the socket went away while we authenticated
            return;
        }
        this.token = token;
        user = who;
        out.send(new LiveMessages.Authenticated(user));
    }

    /** No auth message came in time. */
    void timedOut() {
        if (user == null && !ended) {
            out.refuse("No token came within the time allowed: send {\"type\":\"auth\",\"token\":\"<JWT>\"} first, "
                    + "or connect with ?access_token=<JWT>.");
        }
    }

    /**
     * Checks again that the token still names this socket's user: an API key revoked or a JWT expired
     * since the socket opened ends it (an error, then a policy-violation close) like a bad token would.
     */
    void recheck() {
        String held = token;
        if (held == null || ended) {
            return;
        }
        boolean valid;
        try {
            valid = authenticator.userOf(held).filter(user::equals).isPresent();
        } catch (RuntimeException e) {
            log.warn("live: could not check a socket's token again: {}", e.getMessage());
            return; // the database is away: the next check decides
        }
        if (!valid) {
            token = null;
            out.refuse("The token is no longer valid (expired or revoked): connect again with a fresh one.");
        }
    }

    /** The socket closed: its permit goes back. */
    void ended() {
        ended = true;
        releasePermit();
    }

    private void releasePermit() {
        StreamQuota.Permit held = permit;
        if (held != null) {
            held.close(); // closing twice gives it back once
        }
    }
}

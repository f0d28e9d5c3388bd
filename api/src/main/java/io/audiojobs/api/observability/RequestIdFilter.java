package io.audiojobs.api.observability;

import io.audiojobs.shared.observability.RequestIds;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.slf4j.MDC;

/**
 * Gives every request its id: the caller's X-Request-Id when it is a plain token (at most 64 of
 * [A-Za-z0-9._-]), else a new UUID. The id goes into the MDC (so every log line of the request and
 * every job it enqueues carries it), into a context attribute, and back to the caller in the
 * X-Request-Id response header, errors included. Installed as the first before-handler by
 * {@link Observability#install}; {@link #after(Context)} takes it out of the MDC at the very end.
 */
public final class RequestIdFilter implements Handler {
    public static final String ATTRIBUTE = "audiojobs.requestId";

    @Override
    public void handle(Context ctx) {
        String id = RequestIds.acceptOrGenerate(ctx.header(RequestIds.HEADER));
        ctx.attribute(ATTRIBUTE, id);
        MDC.put(RequestIds.MDC_KEY, id);
        ctx.header(RequestIds.HEADER, id);
    }

    /** The request's id (null only before this filter ran). */
    public static String requestId(Context ctx) {
        return ctx.attribute(ATTRIBUTE);
    }

    /** Puts the request's id back in the MDC, for code that runs on another thread than the handler's. */
    public static void restore(Context ctx) {
        String id = requestId(ctx);
        if (id != null) {
            MDC.put(RequestIds.MDC_KEY, id);
        }
    }

    /** Takes the id out of the MDC of the thread that finishes the request. */
    public static void after(Context ctx) {
        MDC.remove(RequestIds.MDC_KEY);
    }
}

package io.audiojobs.shared.observability;

import org.slf4j.MDC;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * The request id that ties one request's whole story together: the API takes it from
 * X-Request-Id (or makes one), keeps it in the logging MDC under {@value #MDC_KEY}, and every job
 * the request causes, and every job those jobs enqueue, carries it (see {@link RequestIdJobFilter}).
 */
public final class RequestIds {
    /** The MDC key, and so the field name in the JSON logs. */
    public static final String MDC_KEY = "requestId";
    /** The HTTP header read from the caller and returned on every response. */
    public static final String HEADER = "X-Request-Id";
    public static final int MAX_LENGTH = 64;

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    private RequestIds() {}

    /** A caller's id is kept only when it is a plain token: at most 64 of [A-Za-z0-9._-]. */
    public static boolean isSane(String candidate) {
        return candidate != null && SANE.matcher(candidate).matches();
    }

    public static String generate() {
        return UUID.randomUUID().toString();
    }

    /** The caller's id when it is sane, else a new one. */
    public static String acceptOrGenerate(String candidate) {
        return isSane(candidate) ? candidate : generate();
    }

    /** The request id of the code running on this thread, if any. */
    public static Optional<String> current() {
        return Optional.ofNullable(MDC.get(MDC_KEY));
    }

    /**
     * Puts the id in the MDC until the scope is closed, then restores what was there before:
     * {@code try (var ignored = RequestIds.open(id)) { ... }}.
     */
    public static Scope open(String requestId) {
        String previous = MDC.get(MDC_KEY);
        if (requestId == null) {
            MDC.remove(MDC_KEY);
        } else {
            MDC.put(MDC_KEY, requestId);
        }
        return new Scope(previous);
    }

    public static void run(String requestId, Runnable work) {
        try (Scope ignored = open(requestId)) {
            work.run();
        }
    }

    public static <T> T call(String requestId, Callable<T> work) throws Exception {
        try (Scope ignored = open(requestId)) {
            return work.call();
        }
    }

    /**
     * Wraps work handed to another thread (an executor, a CompletableFuture) so it runs with this
     * thread's MDC (request id, job id, record id); the other thread's MDC is restored afterwards.
     */
    public static Runnable propagating(Runnable work) {
        Map<String, String> captured = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            setContext(captured);
            try {
                work.run();
            } finally {
                setContext(before);
            }
        };
    }

    private static void setContext(Map<String, String> context) {
        if (context == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }

    /** Restores the previous request id (or none) when closed. */
    public static final class Scope implements AutoCloseable {
        private final String previous;

        private Scope(String previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        }
    }
}

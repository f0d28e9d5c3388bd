package io.audiojobs.api.http;

import io.audiojobs.api.auth.AuthFilter;
import io.audiojobs.shared.idempotency.IdempotencyKeyDao;
import io.javalin.http.Context;
import org.jdbi.v3.core.Jdbi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Idempotency-Key on POST routes. The first request with a key claims it (one row per user and
 * key, inserted before the work starts, so concurrent duplicates cannot both run); its response is
 * stored and replayed for 24 h to any request with the same key and the same body. Another body
 * with the same key is a 422. A 5xx is not stored, so the client may retry with the same key.
 * Responses holding presigned URLs are stored without them and rebuilt on replay
 * ({@link SecretFreeReplays}); the workers purge keys past their time.
 */
public final class Idempotency {
    public static final String HEADER = "Idempotency-Key";
    private static final String CLAIM = "audiojobs.idempotency";
    private static final Duration KEPT = IdempotencyKeyDao.KEPT;
    private static final Duration WAIT_FOR_FIRST = Duration.ofSeconds(30);

    /** A stored first response, replayed instead of running the handler again. */
    public static final class Replay extends RuntimeException {
        private final int status;
        private final String contentType;
        private final String body;

        Replay(int status, String contentType, String body) {
            super(null, null, false, false);
            this.status = status;
            this.contentType = contentType;
            this.body = body;
        }

        public void writeTo(Context ctx) {
            ctx.status(status).header("Idempotent-Replayed", "true");
            if (contentType != null) {
                ctx.contentType(contentType);
            }
            ctx.result(body == null ? "" : body);
        }
    }

    private final Jdbi jdbi;
    private final SecretFreeReplays secretFree;

    public Idempotency(Jdbi jdbi) {
        this(jdbi, new SecretFreeReplays(Json.mapper()));
    }

    public Idempotency(Jdbi jdbi, SecretFreeReplays secretFree) {
        this.jdbi = jdbi;
        this.secretFree = secretFree;
    }

    /** Before the handler: claim the key, or replay / refuse when it was used before. */
    public void before(Context ctx) {
        String key = ctx.header(HEADER);
        if (key == null || !ctx.method().name().equals("POST")) {
            return;
        }
        if (key.isBlank() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ApiError.badRequest("VALIDATION_FAILED", "Idempotency-Key must be 1-255 visible ASCII characters.");
        }
        String user = AuthFilter.user(ctx);
        String hash = requestHash(ctx);
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM idempotency_keys WHERE owner_id = :u AND key = :k AND created_at < now() - CAST(:kept AS interval)")
                .bind("u", user).bind("k", key).bind("kept", KEPT.toSeconds() + " seconds").execute());
        int claimed = jdbi.withHandle(h -> h.createUpdate("""
                        INSERT INTO idempotency_keys (owner_id, key, request_hash) VALUES (:u, :k, :hash)
                        ON CONFLICT DO NOTHING""")
                .bind("u", user).bind("k", key).bind("hash", hash).execute());
        if (claimed == 1) {
            ctx.attribute(CLAIM, new String[] {user, key});
            return;
        }
        long deadline = System.nanoTime() + WAIT_FOR_FIRST.toNanos();
        while (true) {
            Map<String, Object> first = stored(user, key).orElseThrow(() ->
                    new ApiError(409, "IDEMPOTENCY_KEY_IN_PROGRESS", "The first request with this Idempotency-Key just failed; retry."));
            if (!hash.equals(first.get("request_hash"))) {
                throw new ApiError(422, "IDEMPOTENCY_KEY_REUSED",
                        "This Idempotency-Key was used with another request; use a new key for a new request.");
            }
            if (first.get("status") != null) {
                int status = ((Number) first.get("status")).intValue();
                throw new Replay(status, (String) first.get("content_type"),
                        secretFree.replayBody(routePath(ctx), status, user, (String) first.get("body")));
            }
            if (System.nanoTime() > deadline) {
                throw new ApiError(409, "IDEMPOTENCY_KEY_IN_PROGRESS", "The first request with this Idempotency-Key is still running; retry shortly.");
            }
            pause();
        }
    }

    /** After the handler (and the error mapping): keep the response, or release the key after a 5xx. */
    public void after(Context ctx) {
        String[] claim = ctx.attribute(CLAIM);
        if (claim == null) {
            return;
        }
        int status = ctx.status().getCode();
        Optional<String> stored = secretFree.storedForm(routePath(ctx), status, ctx.result());
        // a 5xx may be retried; a no-store answer carries a secret (a new API key) that must not be kept;
        // a presigned-URL answer naming no id cannot be rebuilt, so nothing of it is kept
        if (status >= 500 || stored.isEmpty() || "no-store".equals(ctx.res().getHeader("Cache-Control"))) {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM idempotency_keys WHERE owner_id = :u AND key = :k")
                    .bind("u", claim[0]).bind("k", claim[1]).execute());
            return;
        }
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE idempotency_keys SET status = :status, content_type = :type, body = :body
                        WHERE owner_id = :u AND key = :k""")
                .bind("status", status).bind("type", ctx.res().getContentType()).bind("body", stored.get())
                .bind("u", claim[0]).bind("k", claim[1]).execute());
    }

    private Optional<Map<String, Object>> stored(String user, String key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT request_hash, status, content_type, body FROM idempotency_keys WHERE owner_id = :u AND key = :k")
                .bind("u", user).bind("k", key).mapToMap().findOne());
    }

    /**
     * The path as the routes know it: Javalin routes {@code /api/v1/uploads/} as {@code /api/v1/uploads},
     * so the replays and the request hash must see one path for both (a trailing slash once kept a
     * presigned URL in a stored answer).
     */
    static String routePath(Context ctx) {
        String path = ctx.path();
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end);
    }

    /** Method, path and body; a multipart body is streamed to S3 and never held, so its length stands for it. */
    private static String requestHash(Context ctx) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((ctx.method().name() + " " + routePath(ctx) + "\n").getBytes(StandardCharsets.UTF_8));
            if (ctx.isMultipartFormData()) {
                sha.update(("multipart:" + ctx.req().getContentLengthLong()).getBytes(StandardCharsets.UTF_8));
            } else {
                sha.update(ctx.bodyAsBytes());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(409, "IDEMPOTENCY_KEY_IN_PROGRESS", "Interrupted while waiting for the first request.");
        }
    }
}

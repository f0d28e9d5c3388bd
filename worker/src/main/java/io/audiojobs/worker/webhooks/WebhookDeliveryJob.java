package io.audiojobs.worker.webhooks;

import io.audiojobs.shared.jobs.JobWork;
import io.audiojobs.shared.jobs.PermanentJobFailure;
import io.audiojobs.shared.webhooks.DeliverWebhook;
import io.audiojobs.shared.webhooks.WebhookDelivery;
import io.audiojobs.shared.webhooks.WebhookDeliveryDao;
import io.audiojobs.shared.webhooks.WebhookDeliveryState;
import io.audiojobs.shared.webhooks.WebhookTargets;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.jobs.context.JobContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Delivers one webhook: POSTs {@code {"recordId":42,"status":"COMPLETED","deliveryId":"…"}} to the
 * record's webhook URL. A 2xx answer marks the delivery DELIVERED; anything else (another status,
 * a redirect — redirects are not followed —, a refused connection, a timeout) is recorded on the
 * delivery (attempts, last_status_code, last_error) and thrown, so JobRunr retries it with the
 * worker's backoff; after the last attempt the delivery is FAILED. A malformed URL, or a host in a
 * loopback, private or link-local network ({@link WebhookTargets}), fails at once.
 * Whatever happens here, the record's own status never changes.
 *
 * <h2>What a receiver gets, and how it checks it</h2>
 * <pre>
 * POST /your/webhook HTTP/1.1
 * Content-Type: application/json
 * User-Agent: audiojobs-webhooks
 * X-Audiojobs-Delivery: 6f1c…            the delivery id, the same on every retry (deduplicate on it)
 * X-Audiojobs-Timestamp: 1794067200      Unix seconds when this attempt was signed
 * X-Audiojobs-Signature: v1=5257a8…      hex HMAC-SHA256 with WEBHOOK_SECRET of "&lt;timestamp&gt;.&lt;raw body&gt;"
 *
 * {"recordId":42,"status":"COMPLETED","deliveryId":"6f1c…"}
 * </pre>
 * Like Stripe's scheme, the receiver:
 * <ol>
 *   <li>takes the raw body bytes as received (before any JSON parsing) and the timestamp header;</li>
 *   <li>computes HMAC-SHA256 of {@code timestamp + "." + body} with the shared secret, hex-encoded
 *       lower case, and compares it in constant time with each {@code v1=} entry of the signature
 *       header (comma-separated; other schemes are ignored);</li>
 *   <li>rejects a timestamp more than 5 minutes away from its clock (replays), and</li>
 *   <li>answers 2xx quickly, then treats the delivery id as an idempotency key: delivery is at
 *       least once, and a retry carries the same id and body with a fresh timestamp and signature.</li>
 * </ol>
 * {@link WebhookSigner#verify} does exactly this. Each attempt has 5 s to connect and 10 s to answer.
 */
public final class WebhookDeliveryJob implements JobWork<DeliverWebhook>, AutoCloseable {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final String USER_AGENT = "audiojobs-webhooks";

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveryJob.class);
    /** How much of a failing receiver's answer is kept in last_error. */
    private static final int ERROR_BODY_BYTES = 512;
    private static final int ERROR_MAX_CHARS = 300;
    /** The request timeout covers the wait for the status line; a receiver that trickles its body is cut off here. */
    private static final Duration BODY_GRACE = Duration.ofSeconds(5);

    private final Jdbi jdbi;
    private final String secret;
    private final int retriesAfterFirst;
    private final WebhookTargets targets;
    private final HttpClient http;

    /**
     * @param secret            WEBHOOK_SECRET, the HMAC key receivers share (not empty)
     * @param retriesAfterFirst the retries a delivery job was enqueued with (WEBHOOK_ATTEMPTS - 1): the
     *                          attempt after that many failures is the last one
     */
    public WebhookDeliveryJob(Jdbi jdbi, String secret, int retriesAfterFirst, WebhookTargets targets) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a webhook secret is required to sign deliveries");
        }
        this.jdbi = jdbi;
        this.secret = secret;
        this.retriesAfterFirst = retriesAfterFirst;
        this.targets = targets;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public void run(DeliverWebhook request, JobContext context) throws Exception {
        Optional<WebhookDelivery> found = jdbi.withExtension(WebhookDeliveryDao.class, dao -> dao.find(request.deliveryId()));
        if (found.isEmpty()) {
            log.info("webhook delivery {} is gone (record deleted); nothing to send", request.deliveryId());
            return;
        }
        WebhookDelivery delivery = found.get();
        if (delivery.state() == WebhookDeliveryState.DELIVERED) {
            log.info("webhook delivery {} of record {} was already delivered", delivery.id(), delivery.recordId());
            return;
        }
        boolean last = context.amountOfFailures() >= retriesAfterFirst;

        URI uri = target(delivery.url());
        if (uri == null) {
            throw failForGood(delivery, "the webhook URL is not an absolute http(s) URL", context);
        }
        Optional<String> refused = refusal(uri);
        if (refused.isPresent()) {
            throw failForGood(delivery, refused.get(), context);
        }

        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest post = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header(WebhookSigner.DELIVERY_HEADER, delivery.id().toString())
                .header(WebhookSigner.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();

        String where = describe(uri);
        Integer statusCode = null;
        String error;
        CompletableFuture<HttpResponse<String>> sent = http.sendAsync(post, info -> new Snippet(ERROR_BODY_BYTES));
        try {
            HttpResponse<String> response = sent.get(REQUEST_TIMEOUT.plus(BODY_GRACE).toMillis(), TimeUnit.MILLISECONDS);
            statusCode = response.statusCode();
            if (statusCode >= 200 && statusCode < 300) {
                jdbi.useExtension(WebhookDeliveryDao.class, dao -> dao.delivered(delivery.id(), response.statusCode()));
                context.logger().info("webhook of record %d delivered to %s (HTTP %d)".formatted(delivery.recordId(), where, response.statusCode()));
                return;
            }
            error = "HTTP " + statusCode + " from " + where + answer(response.body());
        } catch (ExecutionException e) {
            error = describe(e.getCause()) + " (" + where + ")";
        } catch (TimeoutException e) {
            sent.cancel(true);
            error = "no complete answer from " + where + " within " + REQUEST_TIMEOUT.plus(BODY_GRACE).toSeconds() + " s";
        } catch (InterruptedException e) {
            // the worker is stopping: not an attempt of the receiver's; JobRunr hands the job back
            sent.cancel(true);
            Thread.currentThread().interrupt();
            throw e;
        }

        WebhookDeliveryState state = last ? WebhookDeliveryState.FAILED : WebhookDeliveryState.PENDING;
        record(delivery, statusCode, error, state);
        if (last) {
            context.logger().error("webhook of record %d failed for good: %s".formatted(delivery.recordId(), error));
        } else {
            context.logger().warn("webhook attempt of record %d failed: %s".formatted(delivery.recordId(), error));
        }
        throw new WebhookDeliveryException(error);
    }

    private PermanentJobFailure failForGood(WebhookDelivery delivery, String error, JobContext context) {
        record(delivery, null, error, WebhookDeliveryState.FAILED);
        context.logger().error("webhook of record %d failed for good: %s".formatted(delivery.recordId(), error));
        return new PermanentJobFailure(error);
    }

    /** Why the host may not be called; a host that does not resolve now is left to the attempt (and its retries). */
    private Optional<String> refusal(URI uri) {
        try {
            return targets.refusalResolved(uri);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private void record(WebhookDelivery delivery, Integer statusCode, String error, WebhookDeliveryState state) {
        jdbi.useExtension(WebhookDeliveryDao.class, dao -> dao.attemptFailed(delivery.id(), statusCode, error, state));
    }

    /** The URL to POST to, or null when it is not an absolute http(s) URL with a host. */
    static URI target(String url) {
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return null;
            }
            return uri;
        } catch (Exception e) {
            return null;
        }
    }

    /** Host and port only: a webhook URL may carry a token in its path or query, which stays out of logs. */
    private static String describe(URI uri) {
        return uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
    }

    private static String answer(String snippet) {
        String text = snippet == null ? "" : snippet.replaceAll("\\s+", " ").strip();
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > ERROR_MAX_CHARS ? text.substring(0, ERROR_MAX_CHARS) + "…" : text);
    }

    @Override
    public void close() {
        http.close();
    }

    /** Keeps the first bytes of a response body and discards the rest, however large it is. */
    private static final class Snippet implements HttpResponse.BodySubscriber<String> {
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final int max;

        Snippet(int max) {
            this.max = max;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                int take = Math.min(item.remaining(), max - kept.size());
                if (take > 0) {
                    byte[] bytes = new byte[take];
                    item.get(bytes);
                    kept.write(bytes, 0, take);
                }
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(kept.toString(StandardCharsets.UTF_8));
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }
    }
}

package io.audiojobs.worker.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Signs and verifies webhook deliveries (the scheme is described on {@link WebhookDeliveryJob}):
 * {@code X-Audiojobs-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>}, where the
 * timestamp is {@code X-Audiojobs-Timestamp} in Unix seconds. Receivers call {@link #verify} with
 * the raw bytes of the body exactly as received.
 */
public final class WebhookSigner {
    public static final String SIGNATURE_HEADER = "X-Audiojobs-Signature";
    public static final String TIMESTAMP_HEADER = "X-Audiojobs-Timestamp";
    public static final String DELIVERY_HEADER = "X-Audiojobs-Delivery";
    public static final String SCHEME = "v1";
    /** How old (or how far in the future) a timestamp a receiver should accept. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSigner() {}

    /** The {@code X-Audiojobs-Signature} value for a body sent at {@code timestamp} (Unix seconds). */
    public static String sign(String secret, long timestamp, byte[] body) {
        return SCHEME + "=" + HexFormat.of().formatHex(hmac(secret, timestamp, body));
    }

    public static String sign(String secret, long timestamp, String body) {
        return sign(secret, timestamp, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether {@code signatureHeader} holds a {@code v1} signature of this body and timestamp made
     * with {@code secret}, and the timestamp is within {@code tolerance} of {@code now} (either way).
     * The header may list several comma-separated signatures (e.g. during a secret rotation); one
     * match is enough. Comparison is constant-time.
     */
    public static boolean verify(String secret, String signatureHeader, long timestamp, byte[] body,
                                 Instant now, Duration tolerance) {
        if (signatureHeader == null || body == null) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = hmac(secret, timestamp, body);
        for (String part : signatureHeader.split(",")) {
            String entry = part.strip();
            int eq = entry.indexOf('=');
            if (eq < 0 || !entry.substring(0, eq).strip().equals(SCHEME)) {
                continue;
            }
            byte[] given;
            try {
                given = HexFormat.of().parseHex(entry.substring(eq + 1).strip().toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException notHex) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return true;
            }
        }
        return false;
    }

    public static boolean verify(String secret, String signatureHeader, long timestamp, String body,
                                 Instant now, Duration tolerance) {
        return body != null && verify(secret, signatureHeader, timestamp, body.getBytes(StandardCharsets.UTF_8), now, tolerance);
    }

    /** The same with the timestamp as the receiver got it, the {@code X-Audiojobs-Timestamp} header (false if not a number). */
    public static boolean verify(String secret, String signatureHeader, String timestampHeader, byte[] body,
                                 Instant now, Duration tolerance) {
        if (timestampHeader == null) {
            return false;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        return verify(secret, signatureHeader, timestamp, body, now, tolerance);
    }

    private static byte[] hmac(String secret, long timestamp, byte[] body) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the webhook secret is empty");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}

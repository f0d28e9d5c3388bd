package io.audiojobs.api.playback;

import io.audiojobs.api.http.ApiError;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.ConfigException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The token in a playback link's path: {@code <recordId>.<expiry, epoch seconds>.<signature>}, the
 * signature an HMAC-SHA256 over the record's owner, the record and the expiry. A player needs no
 * header and no cookie: the path is the credential, it works for one record, only until it expires,
 * and only while the user it was made for owns the record. The owner is not in the link (it is
 * read from the record when the link is checked), so a link reveals no user id.
 */
public final class PlaybackLinks {
    private static final String HMAC = "HmacSHA256";
    private static final Pattern TOKEN = Pattern.compile("(0|[1-9]\\d{0,17})\\.([1-9]\\d{0,11})\\.([A-Za-z0-9_-]{43})");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final Clock clock;

    public PlaybackLinks(byte[] key, Clock clock) {
        this.key = new SecretKeySpec(key, HMAC);
        this.clock = clock;
    }

    /** PLAYBACK_URL_SECRET, or a key derived from AUTH_JWT_SECRET (never the JWT key itself). */
    public static PlaybackLinks from(AppConfig config, Clock clock) {
        Optional<String> own = config.playback().urlSecret();
        if (own.isPresent()) {
            return new PlaybackLinks(own.get().getBytes(StandardCharsets.UTF_8), clock);
        }
        String jwtSecret = config.auth().jwtSecret().orElseThrow(() ->
                new ConfigException("PLAYBACK_URL_SECRET is required when AUTH_JWT_SECRET is not set"));
        byte[] derived = new PlaybackLinks(jwtSecret.getBytes(StandardCharsets.UTF_8), clock).mac("audiojobs playback links v1");
        return new PlaybackLinks(derived, clock);
    }

    public String token(String owner, long recordId, Instant expiresAt) {
        long expiry = expiresAt.getEpochSecond();
        return recordId + "." + expiry + "." + BASE64URL.encodeToString(mac(message(owner, recordId, expiry)));
    }

    /** What a checked token grants: a record, until a moment. */
    public record Grant(long recordId, Instant expiresAt) {}

    /**
     * The record a token grants, once its form, expiry and signature are checked: 403 for a malformed,
     * expired or tampered token, and for one naming a record that does not exist.
     *
     * @param ownerOf the owner of a record, empty when there is no such record
     */
    public Grant verify(String token, LongFunction<Optional<String>> ownerOf) {
        Matcher parts = TOKEN.matcher(token);
        if (!parts.matches()) {
            throw invalid();
        }
        long recordId = Long.parseLong(parts.group(1));
        long expiry = Long.parseLong(parts.group(2));
        if (clock.instant().getEpochSecond() >= expiry) {
            throw new ApiError(403, "PLAYBACK_LINK_EXPIRED", "This playback link has expired; ask for a new one.");
        }
        // a record that does not exist (or no longer does) answers as a forged link: a link tells no one which records exist
        Optional<String> owner = ownerOf.apply(recordId);
        String expected = BASE64URL.encodeToString(mac(message(owner.orElse(""), recordId, expiry)));
        // compared as text: the one spelling this server gives out, not every string that decodes to the same bytes
        boolean signed = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                parts.group(3).getBytes(StandardCharsets.US_ASCII));
        if (owner.isEmpty() || !signed) {
            throw invalid();
        }
        return new Grant(recordId, Instant.ofEpochSecond(expiry));
    }

    private static ApiError invalid() {
        return new ApiError(403, "PLAYBACK_LINK_INVALID", "This playback link is not valid, or its record no longer exists.");
    }

    private static String message(String owner, long recordId, long expiry) {
        return "hls\n" + owner + "\n" + recordId + "\n" + expiry;
    }

    private byte[] mac(String message) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}

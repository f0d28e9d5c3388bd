package io.audiojobs.api.apikeys;

import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.http.DisplayText;
import org.jdbi.v3.core.Jdbi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * A user's long-lived API keys: {@code aj_} and 256 random bits (base64url), shown once when created
 * and stored only as their SHA-256. The prefix lets the auth filter tell a key from a JWT at a
 * glance; its first characters ({@link ApiKey#prefix()}) let a user tell keys apart in a list.
 */
public final class ApiKeys {
    public static final String PREFIX = "aj_";
    /** {@code aj_} and 43 base64url characters (32 bytes, no padding). */
    static final int KEY_LENGTH = PREFIX.length() + 43;
    static final int SHOWN_CHARACTERS = PREFIX.length() + 6;
    static final int MAX_PER_USER = 100;
    private static final int MAX_NAME_LENGTH = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new key with the only copy of its secret. */
    public record Created(ApiKey key, String secret) {}

    private final Jdbi jdbi;

    public ApiKeys(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Created create(String user, String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH) {
            throw ApiError.badRequest("VALIDATION_FAILED", "name is required: 1-" + MAX_NAME_LENGTH + " characters that say what the key is for.");
        }
        DisplayText.require("name", trimmed);
        String secret = newSecret();
        ApiKey key = jdbi.withExtension(ApiKeyDao.class, dao ->
                        dao.insert(user, trimmed, secret.substring(0, SHOWN_CHARACTERS), hash(secret), MAX_PER_USER))
                .orElseThrow(() -> ApiError.conflict("API_KEY_LIMIT", "You have " + MAX_PER_USER
                        + " API keys, the most there may be; revoke one you no longer use."));
        return new Created(key, secret);
    }

    public List<ApiKey> list(String user) {
        return jdbi.withExtension(ApiKeyDao.class, dao -> dao.listByOwner(user));
    }

    /** Deletes the key: the next request with it is refused, on every API node (they keep no copy). */
    public void revoke(String user, long id) {
        if (jdbi.withExtension(ApiKeyDao.class, dao -> dao.delete(id, user)) == 0) {
            throw ApiError.notFound("API_KEY_NOT_FOUND", "API key not found: " + id);
        }
    }

    static String newSecret() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.audiojobs.api.records;

import io.audiojobs.api.http.ApiError;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque list cursors: the id below which the next page starts. */
public final class Cursor {
    private Cursor() {}

    public static String after(long lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("r" + lastId).getBytes(StandardCharsets.UTF_8));
    }

    public static long beforeId(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return Long.MAX_VALUE;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (decoded.startsWith("r")) {
                return Long.parseLong(decoded.substring(1));
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw ApiError.badRequest("INVALID_CURSOR", "The cursor is not one this API gave out.");
    }
}

package io.audiojobs.api.uploads;

import io.audiojobs.api.http.ApiError;
import io.audiojobs.api.http.DisplayText;

/**
 * Client filenames are kept for display only and never used as paths: this keeps the last path
 * segment, drops path characters, and bounds the length. A name with control characters (CR, LF,
 * NUL, ...) is refused rather than cleaned ({@link DisplayText}'s rule): no client has a reason to send one.
 */
public final class Filenames {
    private Filenames() {}

    public static String displayName(String raw) {
        if (raw == null) {
            return "recording";
        }
        if (!DisplayText.isPlain(raw)) {
            throw ApiError.badRequest("VALIDATION_FAILED", "The filename must not contain control characters.");
        }
        String name = raw.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        name = name.replace("..", "").trim();
        if (name.isEmpty() || name.equals(".")) {
            return "recording";
        }
        return name.length() > 200 ? name.substring(0, 200) : name;
    }
}

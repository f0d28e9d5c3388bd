package io.audiojobs.api.http;

import java.util.regex.Pattern;

/**
 * Text a person gave to be shown back (a title, a label, a key's name): one line of printable
 * characters. Control characters (CR, LF, ESC, NUL, ...) are refused: they have no place there, and
 * would reach logs, terminals and headers where they mean something else.
 */
public final class DisplayText {
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    private DisplayText() {}

    /** The value, or a 400 naming the field when it holds a control character. */
    public static String require(String field, String value) {
        if (value != null && CONTROL.matcher(value).find()) {
            throw ApiError.badRequest("VALIDATION_FAILED", field + " must not contain control characters (line breaks included).");
        }
        return value;
    }
}

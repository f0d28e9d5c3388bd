package io.audiojobs.api.http;

/**
 * Text a person gave to be shown back (a title, a label, a key's name): one line of characters. Control
 * characters (C0 and C1: CR, LF, ESC, NUL, NEL, CSI, ...), the Unicode line and paragraph separators
 * and half of a surrogate pair are refused: they have no place there, would reach logs, terminals and
 * headers where they mean something else, and PostgreSQL stores a broken pair as "?".
 */
public final class DisplayText {
    private DisplayText() {}

    /** The value, or a 400 naming the field when it holds a character refused here. */
    public static String require(String field, String value) {
        if (value != null && !isPlain(value)) {
            throw ApiError.badRequest("VALIDATION_FAILED",
                    field + " must not contain control characters (line breaks included) or broken surrogate pairs.");
        }
        return value;
    }

    /** True when the text holds none of the characters refused here. */
    public static boolean isPlain(String value) {
        return value.codePoints().noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029
                || Character.getType(c) == Character.SURROGATE);
    }
}

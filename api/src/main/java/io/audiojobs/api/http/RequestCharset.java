package io.audiojobs.api.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses a body in a charset this server does not know (415), before anything reads it: Jetty
 * throws on such a Content-Type wherever a route asks for it, which would otherwise end in a 500.
 */
public final class RequestCharset implements Handler {
    private static final Pattern CHARSET = Pattern.compile(";\\s*charset\\s*=\\s*\"?([^\";\\s]*)", Pattern.CASE_INSENSITIVE);

    @Override
    public void handle(Context ctx) {
        String contentType = ctx.header("Content-Type");
        if (contentType == null) {
            return;
        }
        Matcher charset = CHARSET.matcher(contentType);
        if (charset.find() && !isSupported(charset.group(1))) {
            throw new ApiError(415, "UNSUPPORTED_CHARSET", "The body's charset '" + charset.group(1)
                    + "' is not one this server reads; send UTF-8.");
        }
    }

    private static boolean isSupported(String name) {
        try {
            return !name.isEmpty() && Charset.isSupported(name.toLowerCase(Locale.ROOT));
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }
}

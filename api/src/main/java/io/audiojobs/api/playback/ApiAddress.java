package io.audiojobs.api.playback;

import io.javalin.http.Context;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address players reach this API at, for the absolute links they are given (ffmpeg needs them
 * absolute). API_PUBLIC_URL when set, and then nothing a request says changes it; unset, the address
 * the caller used (a proxy in front says so with X-Forwarded-Proto and X-Forwarded-Host), which a
 * client can make anything, though only in the answer it gets itself.
 */
public final class ApiAddress {
    private static final Pattern SCHEME = Pattern.compile("https?");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\[\\]:-]{1,255}");

    private final Optional<String> configured;

    public ApiAddress(Optional<URI> publicUrl) {
        this.configured = publicUrl.map(URI::toString);
    }

    public String of(Context ctx) {
        return configured.orElseGet(() -> asReached(ctx));
    }

    private static String asReached(Context ctx) {
        String scheme = firstValue(ctx.header("X-Forwarded-Proto")).filter(SCHEME.asMatchPredicate()).orElse(ctx.scheme());
        String host = firstValue(ctx.header("X-Forwarded-Host")).or(() -> Optional.ofNullable(ctx.host()))
                .filter(HOST.asMatchPredicate()).orElse("localhost:" + ctx.port());
        return scheme + "://" + host;
    }

    private static Optional<String> firstValue(String header) {
        return Optional.ofNullable(header).map(h -> h.split(",")[0].strip()).filter(h -> !h.isEmpty());
    }
}

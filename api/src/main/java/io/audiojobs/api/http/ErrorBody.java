package io.audiojobs.api.http;

import java.time.Instant;

/** The one error shape of the API (seed 004): {"error":{"code","message","timestamp","path"}}. */
public record ErrorBody(Detail error) {
    public record Detail(String code, String message, Instant timestamp, String path) {}

    public static ErrorBody of(String code, String message, String path) {
        return new ErrorBody(new Detail(code, message, Instant.now(), path));
    }
}

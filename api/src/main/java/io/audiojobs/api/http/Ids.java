package io.audiojobs.api.http;

import io.javalin.http.Context;

/** Path ids: anything that is not a positive number names nothing, so it is "not found". */
public final class Ids {
    private Ids() {}

    public static long pathId(Context ctx, String param, String notFoundCode, String what) {
        String raw = ctx.pathParam(param);
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // falls through to not found
        }
        throw ApiError.notFound(notFoundCode, what + " not found: " + raw);
    }
}

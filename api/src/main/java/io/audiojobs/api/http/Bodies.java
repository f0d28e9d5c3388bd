package io.audiojobs.api.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.Locale;

/** Reads JSON request bodies into records, with an error that says what is wrong. */
public final class Bodies {
    private final ObjectMapper mapper;

    public Bodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public <T> T read(Context ctx, Class<T> type) {
        String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/json")) {
            throw ApiError.unsupportedMediaType("Send the body as application/json.");
        }
        byte[] body = ctx.bodyAsBytes(); // bounded by the server's maxRequestSize (413 beyond)
        if (body.length == 0) {
            throw ApiError.badRequest("MALFORMED_JSON", "The request body is empty; a JSON object is expected.");
        }
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw ApiError.badRequest("MALFORMED_JSON", "A JSON object is expected.");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw ApiError.badRequest("UNKNOWN_FIELD", "Unknown field '" + e.getPropertyName() + "'.");
        } catch (JsonParseException e) {
            throw ApiError.badRequest("MALFORMED_JSON", "The body is not valid JSON: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw ApiError.badRequest("VALIDATION_FAILED", "The body does not have the expected fields: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiError.badRequest("MALFORMED_JSON", "The body could not be read.");
        }
    }
}

package io.audiojobs.api.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.Collection;
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
        } catch (MismatchedInputException e) {
            throw invalidField(e);
        } catch (JacksonException e) {
            throw ApiError.badRequest("VALIDATION_FAILED", "The body does not have the expected fields: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiError.badRequest("MALFORMED_JSON", "The body could not be read.");
        }
    }

    /** A value of the wrong type, or a string Json refuses: the message names the field and what it must be. */
    private static ApiError invalidField(MismatchedInputException e) {
        String field = path(e);
        if (field.isEmpty()) {
            return ApiError.badRequest("VALIDATION_FAILED", "A JSON object is expected.");
        }
        if (e instanceof InvalidFormatException f && f.getValue() instanceof String s && s.indexOf('\u0000') >= 0) {
            return ApiError.badRequest("VALIDATION_FAILED", "Field '" + field + "' must not contain U+0000 (NUL).");
        }
        return ApiError.badRequest("VALIDATION_FAILED", "Field '" + field + "' must be " + kind(e.getTargetType()) + ".");
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return type.isRecord() ? "an object" : "of another type";
    }
}

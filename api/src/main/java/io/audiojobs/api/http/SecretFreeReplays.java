package io.audiojobs.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes whose success responses carry presigned URLs, bearer secrets that must not outlive their
 * use: {@link Idempotency} stores only the id the response was made for and, on a replay, has the
 * route build the response again with freshly signed URLs (which the route never lets outlive
 * the resource: an expired upload's replay is the UPLOAD_EXPIRED error).
 */
public final class SecretFreeReplays {
    /** Builds the response again for the user from the stored id; may throw {@link ApiError}. */
    @FunctionalInterface
    public interface Rebuild {
        Object response(String user, long id);
    }

    private record Form(String idField, Rebuild rebuild) {}

    private final ObjectMapper json;
    private final Map<String, Form> byPath = new ConcurrentHashMap<>();

    public SecretFreeReplays(ObjectMapper json) {
        this.json = json;
    }

    /** The POST at {@code path} answers a JSON object whose {@code idField} names what {@code rebuild} needs. */
    public SecretFreeReplays on(String path, String idField, Rebuild rebuild) {
        byPath.put(path, new Form(idField, rebuild));
        return this;
    }

    /**
     * The POST at {@code path} answers signed links and changes nothing worth replaying (POST
     * /audio/play): its success is never kept, so a request repeated with the same key runs again.
     */
    public SecretFreeReplays neverKept(String path) {
        byPath.put(path, new Form(null, null));
        return this;
    }

    /**
     * What to keep of a first response: for a success of a route listed here only {"idField": id};
     * empty when such a response names no id (then nothing may be kept); otherwise the body as it is.
     */
    Optional<String> storedForm(String path, int status, String body) {
        Form form = byPath.get(path);
        if (form == null || !isSuccess(status)) {
            return Optional.of(body == null ? "" : body);
        }
        return id(form, body).map(id -> write(Map.of(form.idField(), id)));
    }

    /** The body to replay: built again for a success of a route listed here, else the stored body. */
    String replayBody(String path, int status, String user, String stored) {
        Form form = byPath.get(path);
        if (form == null || !isSuccess(status)) {
            return stored;
        }
        long id = id(form, stored).orElseThrow(() -> new IllegalStateException("stored replay of " + path + " has no " + form.idField()));
        return write(form.rebuild().response(user, id));
    }

    private Optional<Long> id(Form form, String body) {
        if (form.idField() == null) {
            return Optional.empty();
        }
        try {
            JsonNode id = body == null ? null : json.readTree(body).get(form.idField());
            return id != null && id.canConvertToLong() ? Optional.of(id.asLong()) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }
}

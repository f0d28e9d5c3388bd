package io.audiojobs.api.docs;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One route of the API as its OpenAPI document shows it. Bodies name the Java types the handlers
 * really read and write (records, {@code List}/{@code Map} of them, {@code String} for text), so
 * the schemas are generated from the code; errors name the codes of the shared error body.
 *
 * @param path      Javalin's path template, e.g. {@code /api/v1/records/{id}}
 * @param responses the answers that are not errors (2xx, or a 503 whose body is not the error body)
 * @param errors    error statuses, each with the codes its {@code {"error":{"code",...}}} body can carry
 */
public record RouteDoc(String method, String path, String tag, String summary, String description, boolean authenticated,
                       List<Param> parameters, Body requestBody, List<Answer> responses, List<Failure> errors) {
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}/]+)}");

    public enum In { PATH, QUERY, HEADER }

    /** A path, query or header parameter; {@code allowed} is empty when any value of the type goes. */
    public record Param(String name, In in, Type type, boolean required, String description, List<String> allowed,
                        String defaultValue) {}

    /** A form field; {@code file} marks the part that carries a file. */
    public record FormField(String name, Type type, boolean required, boolean file, String description) {}

    /** One representation: a media type and the Java type of its content, or the fields of a form. */
    public record Content(String mediaType, Type type, List<FormField> fields) {
        public static Content json(Type type) {
            return new Content("application/json", type, List.of());
        }

        public static Content text(String mediaType) {
            return new Content(mediaType, String.class, List.of());
        }

        public static Content form(String mediaType, FormField... fields) {
            return new Content(mediaType, null, List.of(fields));
        }
    }

    public record Body(boolean required, List<Content> contents) {}

    /** An answer that is not an error; {@code contents} is empty for 204. */
    public record Answer(int status, String description, List<Content> contents, Map<String, String> headers) {}

    /** An error status and the codes its error body can carry. */
    public record Failure(int status, List<String> codes) {}

    public static Builder get(String path) {
        return new Builder("GET", path);
    }

    public static Builder post(String path) {
        return new Builder("POST", path);
    }

    public static Builder delete(String path) {
        return new Builder("DELETE", path);
    }

    public static Builder put(String path) {
        return new Builder("PUT", path);
    }

    /** The names of the path template's parameters, in order. */
    public List<String> pathParameterNames() {
        return pathParameterNames(path);
    }

    static List<String> pathParameterNames(String path) {
        List<String> names = new ArrayList<>();
        Matcher m = PATH_PARAM.matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    public static final class Builder {
        private final String method;
        private final String path;
        private String tag;
        private String summary;
        private String description;
        private boolean authenticated = true;
        private final List<Param> parameters = new ArrayList<>();
        private Body body;
        private final List<Answer> responses = new ArrayList<>();
        private final Map<Integer, LinkedHashSet<String>> errors = new LinkedHashMap<>();

        private Builder(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Builder tag(String tag) {
            this.tag = tag;
            return this;
        }

        public Builder summary(String summary) {
            this.summary = summary;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** No bearer token needed (health, metrics, docs). */
        public Builder open() {
            this.authenticated = false;
            return this;
        }

        public Builder pathParam(String name, Type type, String description) {
            parameters.add(new Param(name, In.PATH, type, true, description, List.of(), null));
            return this;
        }

        public Builder query(String name, Type type, String description, String defaultValue, String... allowed) {
            parameters.add(new Param(name, In.QUERY, type, false, description, List.of(allowed), defaultValue));
            return this;
        }

        public Builder header(String name, String description) {
            parameters.add(new Param(name, In.HEADER, String.class, false, description, List.of(), null));
            return this;
        }

        public Builder body(boolean required, Content... contents) {
            this.body = new Body(required, List.of(contents));
            return this;
        }

        public Builder answer(int status, String description, Content... contents) {
            return answer(status, description, Map.of(), contents);
        }

        public Builder answer(int status, String description, Map<String, String> headers, Content... contents) {
            responses.add(new Answer(status, description, List.of(contents), headers));
            return this;
        }

        public Builder ok(Type json) {
            return answer(200, "OK", Content.json(json));
        }

        public Builder errors(int status, String... codes) {
            errors.computeIfAbsent(status, s -> new LinkedHashSet<>()).addAll(List.of(codes));
            return this;
        }

        /** Applies a shared piece of documentation (the errors every JSON body can cause, say). */
        public Builder with(UnaryOperator<Builder> part) {
            return part.apply(this);
        }

        public RouteDoc build() {
            Objects.requireNonNull(tag, "tag of " + method + " " + path);
            Objects.requireNonNull(summary, "summary of " + method + " " + path);
            if (responses.isEmpty()) {
                throw new IllegalStateException(method + " " + path + " documents no answer");
            }
            List<String> declared = parameters.stream().filter(p -> p.in() == In.PATH).map(Param::name).toList();
            if (!declared.equals(pathParameterNames(path))) {
                throw new IllegalStateException(method + " " + path + " declares path parameters " + declared);
            }
            for (Answer a : responses) {
                if (errors.containsKey(a.status())) {
                    throw new IllegalStateException(method + " " + path + ": " + a.status() + " is both an answer and an error");
                }
            }
            List<Failure> failures = errors.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> new Failure(e.getKey(), List.copyOf(e.getValue()))).toList();
            return new RouteDoc(method, path, tag, summary, description, authenticated, List.copyOf(parameters), body,
                    List.copyOf(responses), failures);
        }
    }
}

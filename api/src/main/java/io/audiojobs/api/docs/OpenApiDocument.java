package io.audiojobs.api.docs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.audiojobs.api.docs.RouteDoc.Content;
import io.audiojobs.api.docs.RouteDoc.FormField;
import io.audiojobs.api.docs.RouteDoc.Param;
import io.audiojobs.api.docs.SchemaGenerator.Direction;
import io.audiojobs.api.http.ErrorBody;
import io.audiojobs.api.openai.OpenAiErrorBody;
import io.audiojobs.api.openai.OpenAiErrors;
import io.javalin.http.HttpStatus;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The OpenAPI 3.1 document of the API, built from {@link ApiCatalog} and the records it names. */
public final class OpenApiDocument {
    public static final String BEARER = "bearerAuth";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String EXAMPLE_TIME = "2025-01-01T12:00:00Z";
    private static final String DESCRIPTION = """
            Upload audio, create records, and follow their processing (convert, transcribe, analyze).

            Everything but health, metrics and these docs needs `Authorization: Bearer <JWT>`; the token's \
            `sub` is the user id, and another user's upload or record answers 404. An API key (`aj_...`, \
            POST /api/v1/api-keys) is accepted wherever a JWT is.

            The OpenAI-compatible routes (`/v1/...`) answer as OpenAI's API does, errors included: \
            `{"error":{"message","type","param","code"}}`, with the codes below in lower case.

            Every error, from any route, has the body \
            `{"error":{"code":"RECORD_NOT_FOUND","message":"…","timestamp":"…","path":"…"}}`; \
            each response below lists the codes it can carry.""";

    private final ObjectNode json;
    private final Map<String, Class<?>> componentTypes;

    private OpenApiDocument(ObjectNode json, Map<String, Class<?>> componentTypes) {
        this.json = json;
        this.componentTypes = componentTypes;
    }

    /** The API's document. */
    public static OpenApiDocument api() {
        return of(ApiCatalog.routes(), ApiSchemas.hints());
    }

    public static OpenApiDocument of(List<RouteDoc> routes, SchemaHints hints) {
        SchemaGenerator schemas = new SchemaGenerator(hints);
        ObjectNode doc = JSON.objectNode().put("openapi", "3.1.0");
        doc.putObject("info").put("title", "audiojobs API").put("version", "1.0.0").put("description", DESCRIPTION);
        doc.putArray("servers").addObject().put("url", "/");
        ArrayNode tags = doc.putArray("tags");
        ApiCatalog.TAGS.forEach((name, description) -> tags.addObject().put("name", name).put("description", description));
        ObjectNode paths = doc.putObject("paths");
        for (RouteDoc route : routes) {
            ObjectNode path = paths.has(route.path()) ? (ObjectNode) paths.get(route.path()) : paths.putObject(route.path());
            String method = route.method().toLowerCase(Locale.ROOT);
            if (path.has(method)) {
                throw new IllegalStateException(route.method() + " " + route.path() + " is documented twice");
            }
            path.set(method, operation(route, schemas));
        }
        ObjectNode components = doc.putObject("components");
        components.putObject("securitySchemes").putObject(BEARER).put("type", "http").put("scheme", "bearer")
                .put("bearerFormat", "JWT").put("description", "A JWT whose `sub` is the user id, or an API key (`aj_...`) of the user");
        components.set("schemas", schemas.components()); // last: resolves every $ref handed out above
        return new OpenApiDocument(doc, schemas.componentTypes());
    }

    public ObjectNode json() {
        return json;
    }

    /** The record each schema of components.schemas was made from. */
    public Map<String, Class<?>> componentTypes() {
        return componentTypes;
    }

    private static ObjectNode operation(RouteDoc route, SchemaGenerator schemas) {
        ObjectNode op = JSON.objectNode();
        op.putArray("tags").add(route.tag());
        op.put("summary", route.summary());
        if (route.description() != null) {
            op.put("description", route.description());
        }
        op.put("operationId", operationId(route));
        ArrayNode security = op.putArray("security");
        if (route.authenticated()) {
            security.addObject().putArray(BEARER);
        }
        if (!route.parameters().isEmpty()) {
            ArrayNode parameters = op.putArray("parameters");
            route.parameters().forEach(p -> parameters.add(parameter(p, schemas)));
        }
        if (route.requestBody() != null) {
            ObjectNode body = op.putObject("requestBody").put("required", route.requestBody().required());
            ObjectNode content = body.putObject("content");
            route.requestBody().contents().forEach(c -> content.set(c.mediaType(), media(c, schemas, Direction.REQUEST)));
        }
        Map<Integer, ObjectNode> responses = new TreeMap<>();
        for (RouteDoc.Answer answer : route.responses()) {
            ObjectNode response = JSON.objectNode().put("description", answer.description());
            answer.headers().forEach((name, text) -> header(response, name, text));
            if (!answer.contents().isEmpty()) {
                ObjectNode content = response.putObject("content");
                answer.contents().forEach(c -> content.set(c.mediaType(), media(c, schemas, Direction.RESPONSE)));
            }
            responses.put(answer.status(), response);
        }
        for (RouteDoc.Failure failure : route.errors()) {
            responses.put(failure.status(), error(route, failure, schemas));
        }
        ObjectNode out = op.putObject("responses");
        responses.forEach((status, response) -> out.set(String.valueOf(status), response));
        return op;
    }

    private static ObjectNode parameter(Param p, SchemaGenerator schemas) {
        ObjectNode parameter = JSON.objectNode().put("name", p.name()).put("in", p.in().name().toLowerCase(Locale.ROOT))
                .put("required", p.required());
        if (p.description() != null) {
            parameter.put("description", p.description());
        }
        ObjectNode schema = schemas.schema(p.type(), Direction.REQUEST);
        if (!p.allowed().isEmpty()) {
            ArrayNode values = schema.putArray("enum");
            p.allowed().forEach(values::add);
        }
        if (p.defaultValue() != null) {
            if ("integer".equals(schema.path("type").asText())) {
                schema.put("default", Long.parseLong(p.defaultValue()));
            } else {
                schema.put("default", p.defaultValue());
            }
        }
        parameter.set("schema", schema);
        return parameter;
    }

    private static ObjectNode media(Content content, SchemaGenerator schemas, Direction direction) {
        ObjectNode media = JSON.objectNode();
        if (content.type() != null) {
            media.set("schema", schemas.schema(content.type(), direction));
            return media;
        }
        ObjectNode form = media.putObject("schema").put("type", "object");
        ObjectNode properties = form.putObject("properties");
        ArrayNode required = JSON.arrayNode();
        for (FormField field : content.fields()) {
            ObjectNode property = field.file()
                    ? JSON.objectNode().put("type", "string").put("format", "binary").put("contentMediaType", "audio/*")
                    : schemas.schema(field.type(), direction);
            if (field.description() != null) {
                property.put("description", field.description());
            }
            properties.set(field.name(), property);
            if (field.required()) {
                required.add(field.name());
            }
        }
        if (!required.isEmpty()) {
            form.set("required", required);
        }
        form.put("additionalProperties", false);
        return media;
    }

    /** An error response: the shared error body, the codes with their meaning, an example of each. */
    private static ObjectNode error(RouteDoc route, RouteDoc.Failure failure, SchemaGenerator schemas) {
        StringBuilder description = new StringBuilder(HttpStatus.forStatus(failure.status()).getMessage());
        for (String code : failure.codes()) {
            description.append("\n\n- `").append(code).append("`: ").append(ErrorCodes.meaning(code));
        }
        ObjectNode response = JSON.objectNode().put("description", description.toString());
        if (failure.status() == 401) {
            header(response, "WWW-Authenticate", "Bearer, with error=\"invalid_token\" for a bad token");
        }
        if (failure.status() == 503) {
            header(response, "Retry-After", "Seconds to wait before retrying");
        }
        if (OpenAiErrors.isOpenAiPath(route.path()) && failure.status() == 504) {
            header(response, "X-Audiojobs-Record-Id", "The call's record: it goes on, and can be read through /api/v1/records/{id}");
            header(response, "x-should-retry", "false: the OpenAI SDKs do not retry (a retry would make a second record)");
        }
        ObjectNode json = response.putObject("content").putObject("application/json");
        boolean openai = OpenAiErrors.isOpenAiPath(route.path());
        json.set("schema", schemas.schema(openai ? OpenAiErrorBody.class : ErrorBody.class, Direction.RESPONSE));
        ObjectNode examples = json.putObject("examples");
        String path = route.path().replaceAll("\\{[^}]+}", "42");
        for (String code : failure.codes()) {
            ObjectNode example = examples.putObject(code).put("summary", ErrorCodes.meaning(code));
            ObjectNode error = example.putObject("value").putObject("error");
            if (openai) {
                error.put("message", ErrorCodes.meaning(code)).put("type", OpenAiErrors.type(failure.status())).putNull("param")
                        .put("code", code.toLowerCase(Locale.ROOT));
            } else {
                error.put("code", code).put("message", ErrorCodes.meaning(code)).put("timestamp", EXAMPLE_TIME).put("path", path);
            }
        }
        return response;
    }

    private static void header(ObjectNode response, String name, String description) {
        ObjectNode headers = response.has("headers") ? (ObjectNode) response.get("headers") : response.putObject("headers");
        headers.putObject(name).put("description", description).putObject("schema").put("type", "string");
    }

    /** {@code GET /api/v1/records/{id}/job-status} is {@code getApiV1RecordsIdJobStatus}. */
    static String operationId(RouteDoc route) {
        StringBuilder id = new StringBuilder(route.method().toLowerCase(Locale.ROOT));
        for (String word : route.path().split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                id.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return id.toString();
    }
}

package io.audiojobs.api.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.audiojobs.api.ApiServer;
import io.audiojobs.api.http.Json;
import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import io.audiojobs.shared.storage.S3ObjectStore;
import io.javalin.Javalin;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The document against the real app: the same routes, the same records, every reference resolved. */
class OpenApiDocumentTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final OpenApiDocument API = OpenApiDocument.api();
    private static final ObjectNode DOCUMENT = API.json();

    private static Database database;
    private static Javalin app;

    @BeforeAll
    static void startApi() {
        Map<String, String> env = new HashMap<>(Infrastructure.shared().env());
        env.put("AUTH_JWT_SECRET", "openapi-test-secret-long-enough-for-hs256");
        env.put("API_PORT", "0");
        AppConfig config = AppConfig.from(new Env(env));
        database = Database.open(config.database(), "openapi-test");
        var jobStorage = JobStorage.open(database.dataSource(), JobStorage.jsonMapper());
        app = ApiServer.create(config, database.jdbi(), new S3ObjectStore(config.s3()), new JobRequestScheduler(jobStorage))
                .start();
    }

    @AfterAll
    static void stopApi() {
        app.stop();
        database.close();
    }

    @Test
    void documents_exactly_the_routes_javalin_registers() {
        Set<String> registered = app.unsafe.internalRouter.allHttpHandlers().stream().map(e -> e.endpoint)
                .filter(e -> e.method.isHttpMethod())
                .map(e -> e.method.name() + " " + e.path)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>();
        DOCUMENT.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op ->
                documented.add(op.getKey().toUpperCase() + " " + path.getKey())));

        assertThat(difference(registered, documented)).as("routes ApiServer registers that ApiCatalog does not list").isEmpty();
        assertThat(difference(documented, registered)).as("routes ApiCatalog lists that ApiServer does not register").isEmpty();
    }

    @Test
    void routes_marked_authenticated_are_refused_without_a_token_and_the_others_are_not() {
        HttpClient http = HttpClient.newHttpClient();
        List<String> wrong = new ArrayList<>();
        for (RouteDoc route : ApiCatalog.routes()) {
            String path = route.path().replaceAll("\\{[^}]+}", "1");
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path))
                    .method(route.method(), HttpRequest.BodyPublishers.noBody()).build();
            int status = send(http, request);
            if ((status == 401) != route.authenticated()) {
                wrong.add(route.method() + " " + route.path() + " answered " + status + " without a token");
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void the_app_serves_this_document_at_openapi_json() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        boolean same = MAPPER.readTree(response.body()).equals(MAPPER.readTree(MAPPER.writeValueAsString(DOCUMENT)));
        assertThat(same).as("GET /openapi.json is OpenApiDocument.api()").isTrue();
    }

    @Test
    void every_ref_resolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(DOCUMENT, refs);
        assertThat(refs).isNotEmpty();
        assertThat(refs).allSatisfy(ref -> {
            assertThat(ref).startsWith("#/");
            assertThat(DOCUMENT.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        });
    }

    @Test
    void every_record_schema_has_a_property_for_each_component_as_jackson_writes_it() {
        ObjectMapper json = Json.mapper();
        Map<String, Class<?>> types = API.componentTypes();
        assertThat(types.keySet()).containsExactlyInAnyOrderElementsOf(iterable(DOCUMENT.at("/components/schemas").fieldNames()));
        types.forEach((name, type) -> {
            List<String> components = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
            List<String> properties = new ArrayList<>();
            DOCUMENT.at("/components/schemas/" + name + "/properties").fieldNames().forEachRemaining(properties::add);
            assertThat(properties).as(name).containsExactlyElementsOf(components);
            List<String> written = json.getSerializationConfig().introspect(json.constructType(type)).findProperties()
                    .stream().map(BeanPropertyDefinition::getName).toList();
            assertThat(written).as("what Jackson writes of " + name).containsExactlyInAnyOrderElementsOf(components);
        });
    }

    @Test
    void every_operation_is_complete() {
        Set<String> operationIds = new TreeSet<>();
        DOCUMENT.get("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            String name = entry.getKey() + " " + path.getKey();
            JsonNode op = entry.getValue();
            assertThat(METHODS).as(name).contains(entry.getKey());
            assertThat(operationIds.add(op.path("operationId").asText())).as("unique operationId of " + name).isTrue();
            assertThat(ApiCatalog.TAGS).as(name).containsKey(op.path("tags").path(0).asText());
            assertThat(op.path("summary").asText()).as(name).isNotBlank();
            List<String> pathParams = new ArrayList<>();
            op.path("parameters").forEach(p -> {
                if (p.path("in").asText().equals("path")) {
                    pathParams.add(p.path("name").asText());
                }
            });
            assertThat(pathParams).as(name).containsExactlyElementsOf(RouteDoc.pathParameterNames(path.getKey()));
            op.path("responses").properties().forEach(r -> {
                assertThat(r.getValue().path("description").asText()).as(name + " " + r.getKey()).isNotBlank();
                if (Integer.parseInt(r.getKey()) >= 400 && !name.equals("get /health/ready")) {
                    String body = path.getKey().startsWith("/v1/") ? "OpenAiErrorBody" : "ErrorBody"; // OpenAI's shape there
                    assertThat(r.getValue().at("/content/application~1json/schema/$ref").asText())
                            .as(name + " " + r.getKey()).isEqualTo("#/components/schemas/" + body);
                }
            });
            boolean post = entry.getKey().equals("post");
            boolean idempotencyKey = false;
            for (JsonNode p : op.path("parameters")) {
                idempotencyKey |= p.path("name").asText().equals("Idempotency-Key") && p.path("in").asText().equals("header");
            }
            assertThat(idempotencyKey).as("Idempotency-Key on " + name).isEqualTo(post);
        }));
    }

    @Test
    void authenticated_operations_name_the_bearer_scheme_and_public_ones_none() {
        for (RouteDoc route : ApiCatalog.routes()) {
            JsonNode security = DOCUMENT.at("/paths/" + route.path().replace("/", "~1") + "/" + route.method().toLowerCase() + "/security");
            if (route.authenticated()) {
                assertThat(security.path(0).has(OpenApiDocument.BEARER)).as(route.path()).isTrue();
                assertThat(route.errors()).as(route.path()).anySatisfy(f -> assertThat(f.status()).isEqualTo(401));
            } else {
                assertThat(security.isArray() && security.isEmpty()).as(route.path()).isTrue();
            }
        }
        assertThat(DOCUMENT.at("/components/securitySchemes/" + OpenApiDocument.BEARER + "/bearerFormat").asText()).isEqualTo("JWT");
    }

    @Test
    void is_the_same_on_every_build() {
        assertThat(OpenApiDocument.api().json()).isEqualTo(DOCUMENT);
    }

    @Test
    void schema_hints_name_existing_record_components() {
        assertThat(ApiSchemas.hints().unknownComponents()).isEmpty();
    }

    /** Every code the API's sources throw is documented, and every documented code is thrown somewhere. */
    @Test
    void error_codes_match_the_codes_the_sources_use() throws IOException {
        Set<String> used = codesInSources(Path.of("src/main/java/io/audiojobs/api"));
        assertThat(used).isNotEmpty();
        assertThat(difference(used, ErrorCodes.all().keySet())).as("codes thrown but missing from ErrorCodes").isEmpty();
        assertThat(difference(ErrorCodes.all().keySet(), used)).as("codes in ErrorCodes that nothing throws").isEmpty();
        ApiCatalog.routes().forEach(route -> route.errors().forEach(failure ->
                assertThat(ErrorCodes.all()).as(route.path()).containsKeys(failure.codes().toArray(String[]::new))));
    }

    private static Set<String> codesInSources(Path root) throws IOException {
        Pattern thrown = Pattern.compile("(?:badRequest|notFound|conflict|tooLarge|busy)\\(\\s*\"([A-Z][A-Z0-9_]+)\""
                + "|\\b[1-5]\\d\\d\\s*,\\s*\"([A-Z][A-Z0-9_]+)\"");
        Set<String> codes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.toString().contains("/docs/")).toList()) {
                Matcher m = thrown.matcher(Files.readString(file));
                while (m.find()) {
                    codes.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
        }
        return codes;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }

    private static int send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        return () -> iterator;
    }
}

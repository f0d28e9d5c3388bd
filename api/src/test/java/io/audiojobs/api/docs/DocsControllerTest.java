package io.audiojobs.api.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.audiojobs.api.http.ErrorHandlers;
import io.audiojobs.api.http.Json;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The docs routes on their own server: the document, and a Swagger UI page that needs nothing from the internet. */
class DocsControllerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Javalin app;

    @BeforeAll
    static void start() {
        DocsController docs = new DocsController();
        app = Javalin.create(javalin -> {
            javalin.jsonMapper(new JavalinJackson(Json.mapper(), false));
            javalin.startup.showJavalinBanner = false;
            ErrorHandlers.register(javalin.routes);
            javalin.routes.get("/openapi.json", docs::openApi);
            javalin.routes.get("/docs", docs::page);
            javalin.routes.get("/docs/{file}", docs::file);
        }).start(0);
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void swagger_ui_webjar_is_on_the_classpath() {
        assertThat(DocsController.class.getClassLoader().getResource("META-INF/maven/org.webjars/swagger-ui/pom.properties"))
                .as("org.webjars:swagger-ui in api/pom.xml (it serves /docs offline)").isNotNull();
    }

    @Test
    void openapi_json_is_the_document() throws Exception {
        HttpResponse<String> response = get("/openapi.json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode document = new ObjectMapper().readTree(response.body());
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.path("paths").has("/api/v1/records/{id}")).isTrue();
    }

    @Test
    void docs_page_loads_swagger_ui_from_this_server_only() {
        HttpResponse<String> page = get("/docs");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("src=\"docs/swagger-ui-bundle.js\"", "href=\"docs/swagger-ui.css\"",
                "src=\"docs/init.js\"");
        assertThat(page.body()).doesNotContain("http://", "https://"); // nothing from another host: works offline
        HttpResponse<String> init = get("/docs/init.js"); // no inline script: the Content-Security-Policy allows none
        assertThat(init.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(init.body()).contains("\"openapi.json\"", "validatorUrl: null").doesNotContain("http://", "https://");
    }

    @Test
    void docs_page_links_resolve_from_a_trailing_slash_too() {
        HttpResponse<String> page = get("/docs/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("src=\"swagger-ui-bundle.js\"", "src=\"init.js\"");
        assertThat(get("/docs/init.js").body()).contains("location.pathname.endsWith(\"/\") ? \"../openapi.json\"");
    }

    @Test
    void swagger_ui_files_come_from_the_webjar() {
        HttpResponse<String> js = get("/docs/swagger-ui-bundle.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(js.body()).contains("SwaggerUIBundle").hasSizeGreaterThan(100_000);

        HttpResponse<String> css = get("/docs/swagger-ui.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
        assertThat(get("/docs/favicon-32x32.png").statusCode()).isEqualTo(200);
    }

    @Test
    void other_files_are_not_served() {
        for (String path : new String[] {"/docs/index.html", "/docs/pom.properties", "/docs/..%2F..%2Fpom.xml", "/docs/nothing.js"}) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).contains("\"code\":\"NOT_FOUND\"");
        }
    }

    private static HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

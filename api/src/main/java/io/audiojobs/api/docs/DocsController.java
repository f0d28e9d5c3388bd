package io.audiojobs.api.docs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.audiojobs.api.http.ApiError;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GET /openapi.json (the document, built once) and GET /docs, a Swagger UI page whose files come
 * from the swagger-ui webjar on the classpath (GET /docs/{file}), so the page works offline.
 */
public final class DocsController {
    static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final String WEBJAR_VERSION = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    private static final Map<String, String> FILES = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png",
            "favicon-16x16.png", "image/png");

    /** Starts Swagger UI: a file of its own, since the pages' Content-Security-Policy allows no inline script. */
    private static final byte[] INIT = """
            window.ui = SwaggerUIBundle({
              url: location.pathname.endsWith("/") ? "../openapi.json" : "openapi.json",
              dom_id: "#swagger-ui",
              deepLinking: true,
              persistAuthorization: true,
              validatorUrl: null,
              presets: [SwaggerUIBundle.presets.apis],
              layout: "BaseLayout"
            });
            """.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final byte[] document;
    private final Optional<String> swaggerUi;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    public DocsController() {
        this(OpenApiDocument.api().json());
    }

    DocsController(ObjectNode document) {
        try {
            this.document = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The OpenAPI document does not serialize", e);
        }
        this.swaggerUi = swaggerUiVersion();
    }

    public void openApi(Context ctx) {
        ctx.contentType("application/json").result(document);
    }

    public void page(Context ctx) {
        // relative links, so the page also works behind a proxy that adds a path prefix
        boolean slash = ctx.path().endsWith("/");
        String files = slash ? "" : "docs/";
        String spec = slash ? "../openapi.json" : "openapi.json";
        ctx.html(swaggerUi.isPresent() ? swaggerPage(files) : plainPage(spec));
    }

    public void file(Context ctx) {
        String name = ctx.pathParam("file");
        if (name.equals("init.js") && swaggerUi.isPresent()) {
            ctx.contentType("text/javascript; charset=utf-8").result(INIT);
            return;
        }
        String contentType = FILES.get(name);
        if (contentType == null || swaggerUi.isEmpty()) {
            throw ApiError.notFound("NOT_FOUND", "No such documentation file: " + name);
        }
        byte[] bytes = files.computeIfAbsent(name, n -> read(WEBJAR + swaggerUi.get() + "/" + n));
        ctx.header("Cache-Control", "public, max-age=3600").contentType(contentType).result(bytes);
    }

    private static String swaggerPage(String files) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>audiojobs API</title>
                  <link rel="icon" type="image/png" href="%1$sfavicon-32x32.png">
                  <link rel="stylesheet" href="%1$sswagger-ui.css">
                  <style>body { margin: 0; }</style>
                </head>
                <body>
                  <div id="swagger-ui"></div>
                  <script src="%1$sswagger-ui-bundle.js"></script>
                  <script src="%1$sinit.js"></script>
                </body>
                </html>
                """.formatted(files);
    }

    /** Without the webjar: say so, and link the document. */
    private static String plainPage(String spec) {
        return """
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><title>audiojobs API</title></head>
                <body>
                  <h1>audiojobs API</h1>
                  <p>The API is described by its <a href="%s">OpenAPI document</a>.
                  (Swagger UI is not on this server's classpath.)</p>
                </body>
                </html>
                """.formatted(spec);
    }

    private static Optional<String> swaggerUiVersion() {
        try (InputStream in = DocsController.class.getClassLoader().getResourceAsStream(WEBJAR_VERSION)) {
            if (in == null) {
                return Optional.empty();
            }
            Properties properties = new Properties();
            properties.load(in);
            return Optional.ofNullable(properties.getProperty("version"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = DocsController.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing from the swagger-ui webjar: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

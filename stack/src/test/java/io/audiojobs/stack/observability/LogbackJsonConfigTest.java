package io.audiojobs.stack.observability;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.StatusPrinter2;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** stack/src/main/resources/logback-json.xml, loaded as logback loads it, writing into a buffer. */
class LogbackJsonConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoggerContext context = new LoggerContext();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private AsyncAppender async;

    @BeforeEach
    void configure() throws Exception {
        URL config = getClass().getResource("/logback-json.xml");
        assertThat(config).as("logback-json.xml on the stack's classpath").isNotNull();
        context.setMDCAdapter(MDC.getMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(config);
        var problems = context.getStatusManager().getCopyOfStatusList().stream().filter(s -> s.getLevel() >= Status.WARN).toList();
        if (!problems.isEmpty()) {
            new StatusPrinter2().print(context);
        }
        assertThat(problems).as("logback configuration warnings and errors").isEmpty();
        // lines go through a background appender (ASYNC) to the console encoder (CONSOLE)
        async = (AsyncAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ASYNC");
        var appender = (OutputStreamAppender<?>) async.getAppender("CONSOLE");
        appender.setOutputStream(out);
    }

    @AfterEach
    void stop() {
        MDC.clear();
        context.stop();
    }

    @Test
    void each_event_is_one_json_object_on_one_line_with_the_expected_fields() throws Exception {
        Logger log = context.getLogger("io.audiojobs.worker.convert.ConvertAudioJob");
        MDC.put("requestId", "req-1");
        MDC.put("jobId", "2e25f316-0000-0000-0000-000000000000");
        MDC.put("recordId", "42");
        log.info("converted record {} in {} ms", 42, 900);
        log.atInfo().addKeyValue("route", "/api/v1/records/{id}").addKeyValue("status", 200).log("access");
        MDC.clear();
        log.warn("quotes \" backslash \\ tab \t newline \n control \u0001 unicode é ✓");
        log.error("failed", new IllegalStateException("outer", new java.io.IOException("inner \"cause\"")));

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(4);

        JsonNode info = lines.get(0);
        assertThat(info.path("timestamp").isNumber()).isTrue();
        assertThat(info.path("level").asText()).isEqualTo("INFO");
        assertThat(info.path("loggerName").asText()).isEqualTo("io.audiojobs.worker.convert.ConvertAudioJob");
        assertThat(info.path("threadName").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(info.path("formattedMessage").asText()).isEqualTo("converted record 42 in 900 ms");
        assertThat(info.path("mdc").path("requestId").asText()).isEqualTo("req-1");
        assertThat(info.path("mdc").path("jobId").asText()).startsWith("2e25f316");
        assertThat(info.path("mdc").path("recordId").asText()).isEqualTo("42");
        assertThat(info.has("message")).as("raw pattern left out").isFalse();
        assertThat(info.has("arguments")).isFalse();
        assertThat(info.has("sequenceNumber")).isFalse();
        assertThat(info.has("context")).isFalse();

        JsonNode access = lines.get(1);
        assertThat(access.path("kvpList").toString()).contains("\"route\":\"/api/v1/records/{id}\"").contains("\"status\":\"200\"");

        assertThat(lines.get(2).path("formattedMessage").asText())
                .isEqualTo("quotes \" backslash \\ tab \t newline \n control \u0001 unicode é ✓");
        assertThat(lines.get(2).path("mdc").size()).isZero();

        JsonNode error = lines.get(3);
        assertThat(error.path("throwable").path("className").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.path("throwable").path("stepArray").size()).isPositive();
        assertThat(error.path("throwable").path("cause").path("message").asText()).isEqualTo("inner \"cause\"");
    }

    @Test
    void the_noisy_libraries_are_as_quiet_as_in_logback_xml() throws Exception {
        context.getLogger("org.eclipse.jetty.server.Server").info("jetty chatter");
        context.getLogger("com.zaxxer.hikari.HikariDataSource").info("pool chatter");
        context.getLogger("software.amazon.awssdk.request").info("sdk chatter");
        context.getLogger("io.javalin.Javalin").info("banner");
        context.getLogger("org.eclipse.jetty.server.Server").warn("jetty trouble");
        context.getLogger("io.audiojobs.api.ApiMain").debug("debug is off");
        context.getLogger("io.audiojobs.api.access").info("GET /health/live 200 1.0 ms");

        assertThat(lines()).extracting(l -> l.path("formattedMessage").asText())
                .containsExactly("jetty trouble", "GET /health/live 200 1.0 ms");
    }

    private List<JsonNode> lines() throws Exception {
        async.stop(); // drains the queue into the console encoder, as the shutdown hook does
        String text = out.toString(StandardCharsets.UTF_8);
        List<JsonNode> result = new ArrayList<>();
        for (String line : text.split("\n")) {
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            result.add(node);
        }
        assertThat(text).endsWith("\n");
        return result;
    }
}

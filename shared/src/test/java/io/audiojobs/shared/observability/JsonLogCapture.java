package io.audiojobs.shared.observability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Captures every log event of the JVM as the JSON line stack/src/main/resources/logback-json.xml
 * writes (the same JsonEncoder settings), encoded on the logging thread like a real appender.
 */
public final class JsonLogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonEncoder encoder = new JsonEncoder();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger root;

    private JsonLogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        setContext(context);
        setName("json-capture");
        encoder.setContext(context);
        configureLikeLogbackJsonXml(encoder);
        encoder.start();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    public static JsonLogCapture attach() {
        JsonLogCapture capture = new JsonLogCapture();
        capture.start();
        capture.root.addAppender(capture);
        return capture;
    }

    /** The encoder settings of logback-json.xml. */
    public static void configureLikeLogbackJsonXml(JsonEncoder encoder) {
        encoder.setWithSequenceNumber(false);
        encoder.setWithTimestamp(true);
        encoder.setWithNanoseconds(false);
        encoder.setWithLevel(true);
        encoder.setWithThreadName(true);
        encoder.setWithLoggerName(true);
        encoder.setWithContext(false);
        encoder.setWithMarkers(true);
        encoder.setWithMDC(true);
        encoder.setWithKVPList(true);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.setWithThrowable(true);
    }

    @Override
    protected void append(ILoggingEvent event) {
        lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
    }

    /** Every captured line, exactly as written (each ends with a newline). */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Every captured line parsed; fails if one is not a single JSON object on a single line. */
    public List<JsonNode> parsed() {
        List<JsonNode> result = new ArrayList<>();
        for (String line : lines) {
            if (!line.endsWith("\n") || line.indexOf('\n') != line.length() - 1) {
                throw new AssertionError("not one line: " + line);
            }
            try {
                JsonNode node = JSON.readTree(line);
                if (!node.isObject()) {
                    throw new AssertionError("not a JSON object: " + line);
                }
                result.add(node);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }
        return result;
    }

    /** The value of a key/value pair the event was logged with, or null. */
    public static String kv(JsonNode line, String key) {
        for (JsonNode pair : line.path("kvpList")) {
            if (pair.has(key)) {
                return pair.get(key).asText();
            }
        }
        return null;
    }

    @Override
    public void close() {
        root.detachAppender(this);
        stop();
    }
}

package io.audiojobs.api.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/security.md names, for each thing an attacker can send, the tests that prove what it gets.
 * This holds the table to the sources: every test class and method it names exists, so a test that
 * is renamed or removed makes its row fail here instead of silently no longer holding.
 */
class ThreatModelTest {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern CLASS = Pattern.compile("[A-Z]\\w*Test");
    private static final Pattern CLASS_METHOD = Pattern.compile("([A-Z]\\w*Test)\\.([a-z]\\w*)");
    private static final Pattern METHOD = Pattern.compile("[a-z]\\w*_\\w+");

    @Test
    void every_test_the_threat_model_names_exists() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        Map<String, Path> testClasses = testClasses(root);
        List<String> rows = Files.readAllLines(root.resolve("docs/security.md")).stream()
                .filter(line -> line.startsWith("| ") && !line.startsWith("| What is sent")).toList();
        assertThat(rows).as("rows of the threat model").hasSizeGreaterThan(20);

        List<String> missing = new ArrayList<>();
        for (String row : rows) {
            String[] cells = row.split("\\|");
            String provedBy = cells[cells.length - 1].isBlank() ? cells[cells.length - 2] : cells[cells.length - 1];
            Optional<String> current = Optional.empty();
            List<String> named = new ArrayList<>();
            Matcher code = CODE.matcher(provedBy);
            while (code.find()) {
                String token = code.group(1);
                Matcher both = CLASS_METHOD.matcher(token);
                if (both.matches()) {
                    current = Optional.of(both.group(1));
                    named.add(both.group(1) + "#" + both.group(2));
                } else if (CLASS.matcher(token).matches()) {
                    current = Optional.of(token);
                    named.add(token);
                } else if (METHOD.matcher(token).matches() && current.isPresent()) {
                    named.add(current.get() + "#" + token);
                }
            }
            assertThat(named).as("tests named by: " + row.substring(0, Math.min(80, row.length()))).isNotEmpty();
            for (String test : named) {
                String className = test.split("#")[0];
                Path source = testClasses.get(className);
                if (source == null) {
                    missing.add(test + " (no such test class)");
                } else if (test.contains("#") && !Files.readString(source).contains("void " + test.split("#")[1] + "(")) {
                    missing.add(test);
                }
            }
        }
        assertThat(missing).as("tests docs/security.md names that do not exist").isEmpty();
    }

    /** Every *Test.java under a module's src/test/java, by class name. */
    private static Map<String, Path> testClasses(Path root) throws IOException {
        List<Path> sources;
        try (Stream<Path> modules = Files.list(root)) {
            sources = modules.map(module -> module.resolve("src/test/java")).filter(Files::isDirectory).toList();
        }
        List<Path> tests = new ArrayList<>();
        for (Path source : sources) {
            try (Stream<Path> files = Files.walk(source)) {
                files.filter(p -> p.getFileName().toString().endsWith("Test.java")).forEach(tests::add);
            }
        }
        return tests.stream().collect(Collectors.toMap(p -> p.getFileName().toString().replace(".java", ""), p -> p, (a, b) -> a));
    }
}

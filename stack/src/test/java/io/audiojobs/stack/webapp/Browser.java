package io.audiojobs.stack.webapp;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's headless Chromium driven by its own chromedriver through Selenium. Both are named
 * explicitly (and SE_OFFLINE is set by the build), so Selenium Manager never downloads a browser
 * or a driver. Screenshots go to target/webapp-screenshots for a person to look at.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "webapp-screenshots");

    final ChromeDriver driver;
    final Path downloads;
    private final Path profile;

    /** What a test needs from the browser besides the defaults. */
    record Setup(Path fakeMicrophone, boolean microphone, boolean microphoneBlocked) {
        static Setup plain() {
            return new Setup(null, false, false);
        }

        /** A microphone that plays wav once (then silence), permission granted. */
        static Setup microphone(Path wav) {
            return new Setup(wav, true, false);
        }

        /** Permission granted, but no microphone at all. */
        static Setup noMicrophone() {
            return new Setup(null, false, false);
        }

        /** A microphone exists, but the user said no. */
        static Setup microphoneDenied() {
            return new Setup(null, true, true);
        }
    }

    /** Skips the calling test, saying why, where the browser packages are not installed. */
    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER + "): the web app's browser tests need Debian's "
                        + "chromium and chromium-driver packages, which ./audiojobs test installs with apt when it runs as root");
    }

    private Browser(ChromeDriver driver, Path downloads, Path profile) {
        this.driver = driver;
        this.downloads = downloads;
        this.profile = profile;
    }

    static Browser start(Setup setup) {
        assumeInstalled();
        try {
            Path profile = Files.createTempDirectory("audiojobs-chromium-");
            Path downloads = Files.createDirectories(profile.resolve("downloads"));
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            List<String> arguments = new ArrayList<>(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--mute-audio", "--autoplay-policy=no-user-gesture-required",
                    "--window-size=1280,900", "--user-data-dir=" + profile.resolve("profile")));
            if (setup.microphone() || setup.fakeMicrophone() != null) {
                arguments.add("--use-fake-device-for-media-stream");
            }
            if (setup.fakeMicrophone() != null) {
                arguments.add("--use-file-for-fake-audio-capture=" + setup.fakeMicrophone().toAbsolutePath() + "%noloop");
            }
            if (!setup.microphoneBlocked()) {
                arguments.add("--use-fake-ui-for-media-stream"); // grants the permission prompt
            }
            options.addArguments(arguments);
            Map<String, Object> prefs = new HashMap<>();
            prefs.put("download.default_directory", downloads.toString());
            prefs.put("download.prompt_for_download", false);
            if (setup.microphoneBlocked()) {
                prefs.put("profile.default_content_setting_values.media_stream_mic", 2);
            }
            options.setExperimentalOption("prefs", prefs);
            options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL")); // for policyViolations()
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .withLogFile(profile.resolve("chromedriver.log").toFile())
                    .build();
            return new Browser(new ChromeDriver(service, options), downloads, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens url; when the page is already there (a hash route), loads it again, as a person pressing Enter would expect. */
    void open(String url) {
        boolean same = url.equals(driver.getCurrentUrl());
        driver.get(url);
        if (same) {
            driver.navigate().refresh();
        }
    }

    /**
     * What the pages reported breaking the API's Content-Security-Policy since the last call (Chromium
     * logs each refused script, style or connection to the console).
     */
    List<String> policyViolations() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy")).toList();
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits until css matches a displayed element, and returns it. */
    WebElement await(String css, Duration timeout) {
        return until(timeout, d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    <T> T until(Duration timeout, ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100)).until(condition);
    }

    String text(String css) {
        return find(css).getText();
    }

    String attribute(String css, String name) {
        List<WebElement> found = findAll(css);
        return found.isEmpty() ? null : found.getFirst().getDomAttribute(name);
    }

    @SuppressWarnings("unchecked")
    <T> T js(String script, Object... arguments) {
        return (T) ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Sets the page's viewport (CSS pixels) as a phone of that size would have it. */
    void emulatePhone(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 2, "mobile", true));
    }

    void stopEmulation() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** Limits the page's upload speed (bytes per second; 0 lifts the limit). */
    void throttleUploads(long bytesPerSecond) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", bytesPerSecond > 0 ? bytesPerSecond : -1));
    }

    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file the page downloaded, once it is complete. */
    Path download(String name, Duration timeout) {
        Path file = downloads.resolve(name);
        until(timeout, d -> Files.isRegularFile(file) && !Files.exists(downloads.resolve(name + ".crdownload")) ? file : null);
        return file;
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}

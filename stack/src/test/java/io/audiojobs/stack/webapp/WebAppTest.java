package io.audiojobs.stack.webapp;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.api.ApiHarness;
import io.audiojobs.api.Tokens;
import io.audiojobs.shared.live.LiveContainer;
import io.audiojobs.stack.WorkerProcess;
import io.audiojobs.worker.testing.LiveStreams;
import io.audiojobs.worker.testing.SpeechFixtures;
import io.audiojobs.worker.testing.WordErrorRate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web app in a real headless Chromium against the whole product: the API in this JVM (the
 * shared test harness, multipart above 6 MiB in 5 MiB parts), a worker process with Vosk, embedded
 * PostgreSQL and S3. Every check reads the page's DOM (or what the page made happen in the API),
 * so a broken feature fails its test. Screenshots: target/webapp-screenshots/.
 */
class WebAppTest {
    private static final Duration PAGE = Duration.ofSeconds(20);
    private static final Duration PIPELINE = Duration.ofSeconds(240);

    private static ApiHarness api;
    private static WorkerProcess worker;
    private static Browser browser;
    private static SpeechFixtures.Recording speech;

    @TempDir
    static Path dir;

    /** A failed test leaves a picture of the page it failed on. */
    @RegisterExtension
    static final TestWatcher SCREENSHOT_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.screenshot("FAILED-" + context.getRequiredTestMethod().getName());
            }
        }
    };

    @BeforeAll
    static void start() throws Exception {
        Browser.assumeInstalled();
        api = ApiHarness.shared();
        worker = WorkerProcess.onSharedInfrastructure(dir.resolve("work"), dir.resolve("worker.log"), Map.of("WORKER_THREADS", "2"));
        // pauses between sentences, so the transcript has several timed lines to click
        speech = SpeechFixtures.recording(dir.resolve("speech.wav"), SpeechFixtures.script(0, 5), Duration.ofMillis(1500));
        browser = Browser.start(Browser.Setup.plain());
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (worker != null) {
            worker.close();
        }
    }

    @AfterEach
    void the_pages_broke_no_rule_of_the_apis_content_security_policy() {
        if (browser != null) {
            assertThat(browser.policyViolations()).as("violations of the Content-Security-Policy the pages reported").isEmpty();
        }
    }

    @Test
    void sign_in_refuses_a_bad_or_expired_token_accepts_a_good_one_and_a_refused_call_returns_to_sign_in() {
        String user = ApiHarness.newUser();
        browser.open(base() + "#/sign-in");
        browser.js("localStorage.clear()");
        browser.open(base() + "#/records");
        browser.until(PAGE, d -> d.getCurrentUrl().endsWith("#/sign-in"));

        signInWith("not a token");
        browser.until(PAGE, d -> browser.text("#sign-in-error").contains("refused"));
        assertThat(browser.text("#sign-in-error")).contains("The server refused this token").contains("invalid or expired");
        assertThat(browser.<Object>js("return localStorage.getItem('audiojobs.token')")).isNull();

        signInWith(Tokens.sign(user, ApiHarness.SECRET, Duration.ofMinutes(-5)));
        browser.until(PAGE, d -> browser.text("#sign-in-error").contains("expired"));

        signInWith("Bearer " + ApiHarness.token(user) + "\n"); // pasted with its scheme and a newline
        browser.until(PAGE, d -> d.getCurrentUrl().endsWith("#/records") && browser.findAll("#records").size() == 1);
        assertThat(browser.text("h1")).isEqualTo("Records");
        assertThat(browser.text("#who")).isEqualTo("Signed in as " + user);
        browser.screenshot("sign-in-accepted");

        // an API key signs in as well: it names no user, so the page names the key by its shown prefix
        var created = api.postJson(user, "/api/v1/api-keys", Map.of("name", "web app"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String key = created.json().get("key").asText();
        browser.js("localStorage.clear()");
        browser.open(base() + "#/sign-in");
        signInWith(key);
        browser.until(PAGE, d -> d.getCurrentUrl().endsWith("#/records") && browser.findAll("#records").size() == 1);
        assertThat(browser.text("#who")).isEqualTo("Signed in with API key " + key.substring(0, 9) + "…");
        assertThat(browser.<Object>js("return localStorage.getItem('audiojobs.token')")).isEqualTo(key);

        // a token the server refuses later (here: signed with another key) sends any page back, with the reason
        browser.js("localStorage.setItem('audiojobs.token', arguments[0])",
                Tokens.sign(user, "another-secret-another-secret-another!!", Duration.ofHours(1)));
        browser.open(base() + "#/upload");
        browser.open(base() + "#/records");
        browser.until(PAGE, d -> d.getCurrentUrl().endsWith("#/sign-in") && browser.text("#sign-in-error").contains("refused your token"));
        assertThat(browser.text("#sign-in-error")).contains("invalid or expired");
        assertThat(browser.<Object>js("return localStorage.getItem('audiojobs.token')")).isNull();
        browser.screenshot("sign-in-refused");
    }

    @Test
    void a_wav_uploaded_through_the_page_is_followed_in_the_list_through_events_until_completed_and_deleted_there() {
        String user = signIn();
        browser.open(base() + "#/upload");
        browser.await("#file-input", PAGE).sendKeys(speech.wav().toAbsolutePath().toString());
        WebElement upload = browser.until(PAGE, d -> browser.findAll("li.upload[data-state='created']").stream().findFirst().orElse(null));
        long id = Long.parseLong(upload.getDomAttribute("data-record-id"));
        assertThat(api.get(user, "/api/v1/records/" + id).json().get("title").asText()).isEqualTo("speech.wav");

        browser.open(base() + "#/records");
        String item = "li.record[data-record-id='" + id + "']";
        Set<String> seen = new LinkedHashSet<>();
        browser.until(PIPELINE, d -> {
            String status = browser.attribute(item, "data-status");
            seen.add(status + " " + browser.attribute(item + " progress", "value"));
            return "COMPLETED".equals(status);
        });
        assertThat(browser.attribute(item, "data-via")).as("the last change came over the event stream").isEqualTo("events");
        assertThat(Integer.parseInt(browser.attribute(item, "data-updates"))).isPositive();
        assertThat(seen).as("statuses the page showed").hasSizeGreaterThan(1);
        assertThat(browser.text(item + " .badge")).isEqualTo("Completed");
        browser.screenshot("records-completed");

        browser.find(item + " button.danger").click();
        browser.until(PAGE, d -> d.switchTo().alert()).accept();
        browser.until(PAGE, d -> browser.findAll(item).isEmpty());
        assertThat(api.get(user, "/api/v1/records/" + id).status()).isEqualTo(404);
    }

    @Test
    void a_failed_record_shows_its_reason_in_the_list_and_on_its_page() throws Exception {
        String user = signIn();
        Path notAudio = Files.writeString(dir.resolve("notes.wav"), "these are meeting notes, not a recording\n".repeat(50));
        long id = api.recordOfWav(user, Files.readAllBytes(notAudio), Map.of("title", "Not a recording", "language", "en"));
        assertThat(api.awaitFinal(user, id, PIPELINE).get("status").asText()).isEqualTo("FAILED");

        browser.open(base() + "#/records");
        String item = "li.record[data-record-id='" + id + "']";
        browser.await(item, PAGE);
        assertThat(browser.attribute(item, "data-status")).isEqualTo("FAILED");
        assertThat(browser.text(item + " .badge")).isEqualTo("Failed");
        assertThat(browser.text(item + " .reason")).contains("not audio");

        browser.find(item + " a.title").click();
        browser.await("#failed-reason", PAGE);
        assertThat(browser.text("#failed-reason")).startsWith("Processing failed:").contains("not audio");
        assertThat(browser.findAll("#transcript-section")).allMatch(section -> !section.isDisplayed());
    }

    @Test
    void a_large_wav_goes_up_in_parallel_parts_and_resumes_after_a_reload() throws Exception {
        String user = signIn();
        // 48 kHz stereo, about 11 MiB: three parts of 5, 5 and about 1 MiB
        var sentences = new ArrayList<String>();
        for (int i = 0; i < 16; i++) {
            sentences.add(SpeechFixtures.SCRIPT.get(i % SpeechFixtures.SCRIPT.size()));
        }
        var long16k = SpeechFixtures.recording(dir.resolve("long16k.wav"), sentences, Duration.ofMillis(600));
        Path large = SpeechFixtures.ffmpeg(dir.resolve("large.wav"), "-i", long16k.wav().toString(), "-ar", "48000", "-ac", "2");
        assertThat(Files.size(large)).isBetween(10L << 20, 15L << 20);

        browser.open(base() + "#/upload");
        browser.throttleUploads(1_000_000);
        try {
            browser.await("#file-input", PAGE).sendKeys(large.toAbsolutePath().toString());
            browser.until(PIPELINE, d -> {
                String parts = browser.attribute("li.upload", "data-parts");
                return parts != null && !parts.startsWith("0/") ? parts : null;
            });
            assertThat(browser.text("li.upload .rate")).as("speed and time left").containsPattern("MB of .* MB · .*/s · .* left");
            assertThat(browser.attribute("li.upload", "data-parts")).endsWith("/3");
            browser.screenshot("upload-multipart-progress");
            browser.driver.navigate().refresh();
        } finally {
            browser.throttleUploads(0);
        }
        browser.await("#unfinished li.unfinished", PAGE);
        assertThat(browser.text("#unfinished")).contains("large.wav").containsPattern("[12] of 3 parts stored");
        long uploadId = Long.parseLong(browser.attribute("#unfinished li.unfinished", "data-upload-id"));
        assertThat(api.get(user, "/api/v1/uploads/" + uploadId).json().get("parts")).isNotEmpty();

        browser.find("#file-input").sendKeys(large.toAbsolutePath().toString());
        WebElement done = browser.until(PIPELINE, d -> browser.findAll("li.upload[data-state='created']").stream().findFirst().orElse(null));
        assertThat(done.getDomAttribute("data-resumed")).isEqualTo("true");
        assertThat(browser.findAll("#unfinished li")).isEmpty();
        JsonNode state = api.get(user, "/api/v1/uploads/" + uploadId).json();
        assertThat(state.get("status").asText()).isEqualTo("UPLOADED");
        assertThat(state.get("sizeBytes").asLong()).isEqualTo(Files.size(large));
        long id = Long.parseLong(done.getDomAttribute("data-record-id"));
        assertThat(api.awaitFinal(user, id, PIPELINE).get("status").asText()).isEqualTo("COMPLETED");
    }

    @Test
    void the_record_page_seeks_from_a_transcript_line_draws_the_waveform_shows_the_analysis_and_downloads_txt_srt_vtt() throws Exception {
        String user = signIn();
        long id = record(user, "Speech for the page");
        assertThat(api.awaitFinal(user, id, PIPELINE).get("status").asText()).isEqualTo("COMPLETED");
        JsonNode transcript = api.get(user, "/api/v1/records/" + id + "/transcript").json();

        browser.open(base() + "#/records/" + id);
        browser.until(PIPELINE, d -> browser.findAll(".segment").size() >= 2);
        List<WebElement> lines = browser.findAll(".segment");
        for (WebElement line : lines) {
            assertThat(line.findElement(By.cssSelector(".time")).getText()).matches("\\d+:\\d\\d");
        }
        String shown = String.join(" ", lines.stream().map(l -> l.findElement(By.cssSelector(".text")).getText()).toList());
        assertThat(WordErrorRate.words(shown)).isEqualTo(WordErrorRate.words(transcript.get("text").asText()));
        // the hls job runs beside transcription: its rendition may or may not exist when the record completes
        assertThat(browser.text("#audio-source")).isIn("Streaming (HLS)", "MP3");

        // the waveform: drawn from the peaks, across the whole width
        browser.until(PAGE, d -> "true".equals(browser.attribute("#waveform", "data-drawn")));
        List<Number> pixels = browser.js("""
                const c = document.getElementById('waveform');
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let left = 0, right = 0;
                for (let i = 3; i < d.length; i += 4) if (d[i] > 0) { if (((i - 3) / 4) % c.width < c.width / 2) left++; else right++; }
                return [left, right, c.width * c.height];""");
        long left = pixels.get(0).longValue();
        long right = pixels.get(1).longValue();
        long area = pixels.get(2).longValue();
        assertThat(left).as("drawn pixels, left half").isPositive();
        assertThat(right).as("drawn pixels, right half").isPositive();
        assertThat((left + right) / (double) area).isBetween(0.02, 0.9);

        // a click on the third line plays from its start, and highlights it
        WebElement third = lines.get(2);
        double start = Long.parseLong(third.getDomAttribute("data-start-ms")) / 1000.0;
        third.click();
        browser.until(PAGE, d -> browser.findAll("#transcript li.current").size() == 1);
        double at = browser.<Number>js("return document.getElementById('audio').currentTime").doubleValue();
        assertThat(at).isBetween(start - 0.01, start + 2.0);
        assertThat(browser.attribute("#transcript li.current", "data-index")).isEqualTo("2");
        assertThat(browser.attribute("#transcript li.current", "aria-current")).isEqualTo("true");
        browser.js("document.getElementById('audio').pause()");
        browser.screenshot("record-page");

        // the analysis
        assertThat(browser.text("#analysis")).contains("LUFS").contains("words per minute").contains("Words");
        assertThat(browser.findAll("#keywords li")).isNotEmpty();

        // downloads, as files, named after the record
        for (String format : List.of("txt", "srt", "vtt")) {
            browser.find("#download-" + format).click();
        }
        String txt = Files.readString(browser.download("Speech for the page.txt", PAGE));
        String srt = Files.readString(browser.download("Speech for the page.srt", PAGE));
        String vtt = Files.readString(browser.download("Speech for the page.vtt", PAGE));
        assertThat(txt.trim()).isEqualTo(api.get(user, "/api/v1/records/" + id + "/transcript?format=txt").text().trim());
        assertThat(srt).startsWith("1\n").contains(" --> ");
        assertThat(vtt).startsWith("WEBVTT");
    }

    /**
     * The player on the HLS rendition, through the vendored hls.js in Chromium: both qualities
     * offered, the speed, an A-B loop that holds playback between its ends and is saved as a bookmark,
     * a plain bookmark, and the resume point (with the speed) saved on pause and restored on return.
     */
    @Test
    void the_record_page_plays_hls_with_quality_speed_an_a_b_loop_bookmarks_and_the_resume_point() throws Exception {
        String user = signIn();
        long id = record(user, "Played as HLS");
        assertThat(api.awaitFinal(user, id, PIPELINE).get("status").asText()).isEqualTo("COMPLETED");
        String hls = "/api/v1/records/" + id + "/audio?rendition=hls";
        await().atMost(PIPELINE).until(() -> "hls".equals(api.get(user, hls).json().path("rendition").asText()));

        browser.open(base() + "#/records/" + id);
        browser.until(PAGE, d -> "hls".equals(browser.attribute("#audio-source", "data-source")));
        List<String> qualities = new Select(browser.find(".player select[id^=quality]")).getOptions().stream().map(WebElement::getText).toList();
        assertThat(qualities).as("Auto and the two variants of the ladder").hasSize(3).first().isEqualTo("Auto");

        new Select(browser.find("#speed")).selectByValue("1.5");
        browser.js("document.getElementById('audio').play()");
        browser.until(PAGE, d -> currentTime() > 2.0);
        assertThat(browser.<Number>js("return document.getElementById('audio').playbackRate").doubleValue()).isEqualTo(1.5);

        // A at the current time, B a second and a half later: playback then stays between them
        browser.find("#loop-a").click();
        double a = currentTime();
        browser.until(PAGE, d -> currentTime() > a + 1.5);
        browser.find("#loop-b").click();
        List<Number> times = browser.js("""
                const audio = document.getElementById('audio');
                return new Promise(resolve => {
                  const seen = [];
                  const timer = setInterval(() => { seen.push(audio.currentTime); if (seen.length === 40) { clearInterval(timer); resolve(seen); } }, 100);
                });""");
        List<Double> seen = times.stream().map(Number::doubleValue).toList();
        assertThat(browser.text("#loop-state")).startsWith("Loop ");
        browser.find("#bookmark-label").sendKeys("The loop");
        browser.find("#loop-save").click();
        browser.until(PAGE, d -> browser.findAll("#bookmark-list li").size() == 1);
        browser.find("#loop-clear").click();
        browser.find("#bookmark-label").sendKeys("Marked here");
        browser.find("#bookmark-add").click();
        browser.until(PAGE, d -> browser.findAll("#bookmark-list li").size() == 2);
        JsonNode bookmarks = api.get(user, "/api/v1/records/" + id + "/bookmarks").json();
        JsonNode items = bookmarks.isArray() ? bookmarks : bookmarks.path("items");
        assertThat(items).hasSize(2);
        JsonNode loop = java.util.stream.StreamSupport.stream(items.spliterator(), false)
                .filter(item -> "The loop".equals(item.path("label").asText())).findFirst().orElseThrow();
        double loopA = loop.get("positionMs").asDouble() / 1000;
        double loopB = loop.get("endMs").asDouble() / 1000;
        assertThat(loopA).isCloseTo(a, org.assertj.core.data.Offset.offset(0.3));
        assertThat(loopB - loopA).as("B a second and a half or more after A").isBetween(1.4, 3.0);
        // while the loop was on, playback stayed between its ends (B overshot by at most a timeupdate or two at
        // 1.5x) and went back to A
        assertThat(seen).as("inside the loop %.2f-%.2f", loopA, loopB).allMatch(t -> t >= loopA - 0.1 && t <= loopB + 0.6);
        assertThat(java.util.stream.IntStream.range(1, seen.size()).anyMatch(i -> seen.get(i) < seen.get(i - 1)))
                .as("went back to A at least once: %s", seen).isTrue();
        browser.screenshot("record-page-hls-loop-bookmarks");

        // pausing saves the resume point with the speed; the page opened again starts there
        browser.js("document.getElementById('audio').pause()");
        double pausedAt = currentTime();
        await().atMost(PAGE).untilAsserted(() -> {
            JsonNode point = api.get(user, "/api/v1/records/" + id + "/playback").json();
            assertThat(point.get("positionMs").asDouble() / 1000).isCloseTo(pausedAt, org.assertj.core.data.Offset.offset(0.5));
            assertThat(point.get("speed").asDouble()).isEqualTo(1.5);
        });
        browser.js("localStorage.removeItem('audiojobs.speed')"); // as another device would: no speed of its own
        browser.open(base() + "#/records");
        browser.open(base() + "#/records/" + id);
        browser.await("#resume:not([hidden])", PAGE);
        assertThat(browser.text("#resume")).startsWith("Resumed at");
        assertThat(currentTime()).isCloseTo(pausedAt, org.assertj.core.data.Offset.offset(0.5));
        assertThat(new Select(browser.find("#speed")).getFirstSelectedOption().getDomAttribute("value")).isEqualTo("1.5");
        browser.until(PAGE, d -> browser.findAll("#bookmark-list li").size() == 2);
        browser.find("#bookmark-list li button[aria-label^='Delete bookmark']").click();
        browser.until(PAGE, d -> browser.findAll("#bookmark-list li").size() == 1);
        JsonNode after = api.get(user, "/api/v1/records/" + id + "/bookmarks").json();
        assertThat(after.isArray() ? after : after.path("items")).hasSize(1);
    }

    private static double currentTime() {
        return browser.<Number>js("return document.getElementById('audio').currentTime").doubleValue();
    }

    @Test
    void the_record_page_retranscribes_with_a_chosen_language_and_engine_and_deletes_the_record() throws Exception {
        String user = signIn();
        long id = record(user, "To be transcribed again");
        assertThat(api.awaitFinal(user, id, PIPELINE).get("status").asText()).isEqualTo("COMPLETED");
        String before = api.get(user, "/api/v1/records/" + id).json().get("updatedAt").asText();

        browser.open(base() + "#/records/" + id);
        browser.await("#transcript .segment", PIPELINE);
        new Select(browser.find("#retranscribe-language")).selectByValue("en");
        new Select(browser.find("#retranscribe-engine")).selectByValue("vosk");
        browser.find("#retranscribe").click();
        browser.until(PAGE, d -> browser.text("#retranscribe-message").startsWith("Transcribing again"));
        assertThat(browser.attribute("#record-status", "data-status")).isNotEqualTo("COMPLETED");
        browser.until(PIPELINE, d -> "COMPLETED".equals(browser.attribute("#record-status", "data-status")));
        JsonNode record = api.get(user, "/api/v1/records/" + id).json();
        assertThat(record.get("updatedAt").asText()).isNotEqualTo(before);
        assertThat(record.get("language").asText()).isEqualTo("en");
        assertThat(api.get(user, "/api/v1/records/" + id + "/transcript").json().get("engine").asText()).isEqualTo("vosk");
        assertThat(browser.findAll("#transcript .segment")).isNotEmpty();

        browser.find("#delete-record").click();
        browser.until(PAGE, d -> d.switchTo().alert()).accept();
        browser.until(PAGE, d -> d.getCurrentUrl().endsWith("#/records"));
        assertThat(api.get(user, "/api/v1/records/" + id).status()).isEqualTo(404);
    }

    @Test
    void on_a_phone_sized_screen_the_record_page_and_the_list_fit_without_sideways_scrolling() throws Exception {
        String user = signIn();
        long id = record(user, "On a phone");
        assertThat(api.awaitFinal(user, id, PIPELINE).get("status").asText()).isEqualTo("COMPLETED");
        browser.emulatePhone(390, 844);
        try {
            browser.open(base() + "#/records/" + id);
            browser.await("#transcript .segment", PIPELINE);
            browser.until(PAGE, d -> "true".equals(browser.attribute("#waveform", "data-drawn")));
            assertThat(browser.<Number>js("return window.innerWidth").intValue()).isEqualTo(390);
            assertThat(browser.<Number>js("return document.documentElement.scrollWidth").intValue()).isLessThanOrEqualTo(390);
            WebElement segment = browser.find("#transcript .segment");
            assertThat(segment.getRect().getX() + segment.getRect().getWidth()).isLessThanOrEqualTo(390);
            browser.screenshot("record-page-phone-390x844");

            browser.open(base() + "#/records");
            browser.await("li.record", PAGE);
            assertThat(browser.<Number>js("return document.documentElement.scrollWidth").intValue()).isLessThanOrEqualTo(390);
            browser.screenshot("records-phone-390x844");
        } finally {
            browser.stopEmulation();
        }
    }

    @Test
    void recording_from_the_microphone_becomes_a_record_whose_transcript_matches_what_was_said() throws Exception {
        // the fake microphone plays the speech once, then silence
        var said = SpeechFixtures.recording(dir.resolve("said.wav"), SpeechFixtures.script(5, 8), Duration.ofMillis(700));
        Path microphone = SpeechFixtures.ffmpeg(dir.resolve("microphone.wav"), "-i", said.wav().toString(),
                "-af", "apad=pad_dur=4", "-ar", "48000", "-ac", "1");
        try (Browser recorder = Browser.start(Browser.Setup.microphone(microphone))) {
            String user = signIn(recorder);
            recorder.open(base() + "#/record");
            recorder.find("#live-title").sendKeys("Said into the microphone");
            recorder.await("#live-start", PAGE).click();
            recorder.until(PAGE, d -> "true".equals(recorder.attribute("main", "data-recording")));
            long seconds = said.duration().toSeconds() + 2;
            recorder.until(Duration.ofSeconds(seconds + 30), d -> seconds(recorder.text("#live-elapsed")) >= seconds);
            assertThat(Double.parseDouble(recorder.attribute("#level", "data-peak"))).as("the level meter moved").isGreaterThan(0.3);
            // the audio streams over /api/v1/live and the workers transcribe it while it is recorded:
            // lines of the live transcript are on the page before Stop is pressed
            assertThat(recorder.attribute("main", "data-live-mode")).as("streamed live, not kept for an upload").isEqualTo("live");
            recorder.until(PIPELINE, d -> recorder.findAll("#live-transcript li[data-status=completed]").stream()
                    .anyMatch(line -> line.findElement(By.cssSelector(".text")).getText().trim().length() > 3));
            String liveLines = recorder.<String>js(
                    "return [...document.querySelectorAll('#live-transcript .text')].map(line => line.textContent).join(' ')");
            recorder.screenshot("record-microphone-live-transcript");
            assertThat(WordErrorRate.of(said.referenceText(), liveLines)).as("live lines: " + liveLines).isLessThan(0.9);
            recorder.find("#live-stop").click();

            recorder.await("#live-record-link", PIPELINE);
            long id = Long.parseLong(recorder.attribute("main", "data-record-id"));
            JsonNode status = api.awaitFinal(user, id, PIPELINE);
            assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("COMPLETED");
            JsonNode record = api.get(user, "/api/v1/records/" + id).json();
            assertThat(record.get("title").asText()).isEqualTo("Said into the microphone");
            String text = api.get(user, "/api/v1/records/" + id + "/transcript").json().get("text").asText();
            double wer = WordErrorRate.of(said.referenceText(), text);
            System.out.printf("web app microphone (live): WER %.3f on %d s of flite speech; live lines before Stop: %s%n",
                    wer, said.duration().toSeconds(), liveLines);
            assertThat(wer).as(text).isLessThan(0.35);
            recorder.until(PIPELINE, d -> recorder.text("#live-record-status").startsWith("Completed"));
        }
    }

    @Test
    void a_denied_or_missing_microphone_is_explained() {
        try (Browser denied = Browser.start(Browser.Setup.microphoneDenied())) {
            signIn(denied);
            denied.open(base() + "#/record");
            denied.await("#live-start", PAGE).click();
            denied.await("#live-error", PAGE);
            assertThat(denied.attribute("#live-error", "data-kind")).isEqualTo("denied");
            assertThat(denied.text("#live-error")).contains("Microphone access was denied").contains("Allow the microphone");
            assertThat(denied.find("#live-start").isEnabled()).isTrue();
            denied.screenshot("record-microphone-denied");
        }
        try (Browser none = Browser.start(Browser.Setup.noMicrophone())) {
            signIn(none);
            none.open(base() + "#/record");
            none.await("#live-start", PAGE).click();
            none.await("#live-error", PAGE);
            assertThat(none.attribute("#live-error", "data-kind")).isEqualTo("none");
            assertThat(none.text("#live-error")).contains("No microphone was found");
        }
    }

    /**
     * The live client's protocol (SPEC §6) against a scripted WebSocket in the page, for the cases a
     * real server does not produce on demand (an ack withheld, a gap reported): chunks stay until
     * acknowledged, a drop reconnects and resumes, only what the server lacks is resent, and stop waits
     * for every acknowledgement. The test after it runs the same client against /api/v1/live.
     */
    @Test
    @SuppressWarnings("unchecked")
    void the_live_client_keeps_chunks_until_acknowledged_resumes_after_a_drop_and_resends_only_what_is_missing() {
        signIn();
        Map<String, Object> result = (Map<String, Object>) browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async () => {
                  const { LiveSession } = await import('./app/js/live/live-session.js');
                  const sockets = [];
                  class ScriptedSocket extends EventTarget {
                    constructor(url) {
                      super(); this.url = url; this.readyState = 0; this.sent = []; sockets.push(this);
                      setTimeout(() => { this.readyState = 1; this.dispatchEvent(new Event('open')); }, 0);
                    }
                    send(text) { this.sent.push(JSON.parse(text)); }
                    close() { if (this.readyState === 3) return; this.readyState = 3; this.dispatchEvent(new Event('close')); }
                    tell(message) { this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(message) })); }
                  }
                  const until = async (what, test) => {
                    for (let i = 0; i < 500; i++) { if (test()) return; await new Promise(r => setTimeout(r, 10)); }
                    throw new Error('timed out waiting for ' + what);
                  };
                  const chunks = s => s.sent.filter(m => m.type === 'audio_chunk').map(m => m.sequence);
                  const events = [];
                  const live = new LiveSession({ url: 'ws://scripted', token: 'the-token', title: 'T', language: 'en',
                    mimeType: 'audio/webm;codecs=opus', WebSocket: ScriptedSocket });
                  for (const type of ['started', 'stopped', 'transcribed']) live.addEventListener(type, e => events.push([type, e.detail]));
                  live.start();
                  [1, 2, 3].forEach(n => live.push(new Blob([new Uint8Array([n, n, n])])));   // recorded before any session
                  const first = await (async () => { await until('a socket', () => sockets.length === 1); return sockets[0]; })();
                  await until('start_session', () => first.sent.some(m => m.type === 'start_session'));
                  first.tell({ type: 'session_started', sessionId: 's-1', recordId: 7, session: {} });
                  await until('chunks 1-3', () => chunks(first).length === 3);
                  first.tell({ type: 'chunk_ack', sequence: 1, saved: true });
                  first.tell({ type: 'chunk_ack', sequence: 2, saved: true });
                  live.push(new Blob([new Uint8Array([4])]));
                  await until('chunk 4', () => chunks(first).length === 4);
                  first.tell({ type: 'chunk_transcribed', sessionId: 's-1', chunk: { id: 'c1', index: 0, startMs: 0, endMs: 900, transcription: 'hello' } });
                  const pendingAtDrop = live.pending;
                  first.close();                                                         // the network drops
                  live.push(new Blob([new Uint8Array([5])]));                            // recorded while offline
                  await until('a second socket', () => sockets.length === 2);
                  const second = sockets[1];
                  await until('resume_session', () => second.sent.some(m => m.type === 'resume_session'));
                  second.tell({ type: 'session_resumed', sessionId: 's-1', lastSequence: 4, missing: [3] });
                  await until('resends', () => chunks(second).length === 2);
                  second.tell({ type: 'chunk_ack', sequence: 3, saved: true });
                  second.tell({ type: 'missing_chunks', sequences: [5] });
                  await until('chunk 5 again', () => chunks(second).length === 3);
                  live.stop();
                  await new Promise(r => setTimeout(r, 50));
                  const stopBeforeAck = second.sent.some(m => m.type === 'stop_session');
                  second.tell({ type: 'chunk_ack', sequence: 5, saved: true });
                  await until('stop_session', () => second.sent.some(m => m.type === 'stop_session'));
                  second.tell({ type: 'session_stopped', session: {}, recordId: 7 });
                  await until('stopped', () => live.state === 'stopped');
                  done({
                    first: first.sent.map(m => m.type + (m.sequence ? ':' + m.sequence : '')),
                    second: second.sent.map(m => m.type + (m.sequence ? ':' + m.sequence : '')),
                    firstChunkData: first.sent.find(m => m.sequence === 1).audioData,
                    firstChunk: first.sent.find(m => m.sequence === 1),
                    resume: second.sent.find(m => m.type === 'resume_session'),
                    auth: second.sent[0],
                    pendingAtDrop, stopBeforeAck, pendingAtEnd: live.pending, state: live.state,
                    events: events.map(([type, detail]) => type + ':' + (detail.recordId ?? detail.chunk?.transcription ?? '')),
                  });
                })().catch(error => done({ error: String(error) }));
                """);
        assertThat(result).as(String.valueOf(result.get("error"))).doesNotContainKey("error");
        assertThat(result.get("first")).isEqualTo(List.of("auth", "start_session", "audio_chunk:1", "audio_chunk:2", "audio_chunk:3", "audio_chunk:4"));
        assertThat(result.get("pendingAtDrop")).as("3 and 4 were not acknowledged").isEqualTo(2L);
        // after the drop: auth again, resume, then only 3 (the server lacks it) and 5 (never sent); 5 again when reported missing
        assertThat(result.get("second")).isEqualTo(List.of("auth", "resume_session", "audio_chunk:3", "audio_chunk:5", "audio_chunk:5", "stop_session"));
        assertThat((Map<String, Object>) result.get("auth")).containsEntry("token", "the-token");
        assertThat((Map<String, Object>) result.get("resume")).containsEntry("sessionId", "s-1");
        Map<String, Object> chunk = (Map<String, Object>) result.get("firstChunk");
        assertThat(chunk).containsEntry("sessionId", "s-1").containsEntry("mimeType", "audio/webm;codecs=opus").containsKey("timestamp");
        assertThat(java.util.Base64.getDecoder().decode((String) result.get("firstChunkData"))).containsExactly(1, 1, 1);
        assertThat(result.get("stopBeforeAck")).as("stop waits for the last acknowledgement").isEqualTo(false);
        assertThat(result.get("pendingAtEnd")).isEqualTo(0L);
        assertThat(result.get("state")).isEqualTo("stopped");
        assertThat(result.get("events")).isEqualTo(List.of("started:7", "transcribed:hello", "stopped:7"));
    }

    /**
     * The page's live client against the real /api/v1/live: a WebM/Opus stream cut the way
     * MediaRecorder cuts it, the connection dropped halfway (the page reconnects and resumes by
     * itself), chunks recorded while offline sent after; the session stops into a record that
     * holds the whole recording.
     */
    @Test
    @SuppressWarnings("unchecked")
    void the_live_client_reconnects_to_the_live_route_after_a_drop_and_the_record_holds_all_the_audio() throws Exception {
        String user = signIn();
        var said = SpeechFixtures.recording(dir.resolve("dropped.wav"), SpeechFixtures.script(0, 3), Duration.ofMillis(700));
        byte[] webm = LiveStreams.encode(said.wav(), LiveContainer.WEBM);
        List<String> slices = LiveStreams.slices(webm, said.duration().toMillis(), 1000, 7).stream()
                .map(java.util.Base64.getEncoder()::encodeToString).toList();
        browser.driver.manage().timeouts().scriptTimeout(PIPELINE);
        Map<String, Object> result = (Map<String, Object>) browser.driver.executeAsyncScript("""
                const slices = arguments[0];
                const done = arguments[arguments.length - 1];
                (async () => {
                  const { LiveSession, liveUrl } = await import('./app/js/live/live-session.js');
                  const { token } = await import('./app/js/session.js');
                  const sockets = [];
                  class CountedSocket extends WebSocket {
                    constructor(url) { super(url); sockets.push(this); }
                  }
                  const bytes = b64 => Uint8Array.from(atob(b64), c => c.charCodeAt(0));
                  const pause = ms => new Promise(r => setTimeout(r, ms));
                  const until = async (what, test) => {
                    for (let i = 0; i < 2000; i++) { if (test()) return; await pause(50); }
                    throw new Error('timed out waiting for ' + what);
                  };
                  const live = new LiveSession({ url: liveUrl(), token: token(), title: 'Dropped halfway', language: 'en',
                    mimeType: 'audio/webm;codecs=opus', WebSocket: CountedSocket });
                  const states = [];
                  live.addEventListener('state', e => states.push(e.detail.state));
                  let stopped = null;
                  live.addEventListener('stopped', e => { stopped = e.detail; });
                  live.start();
                  const half = Math.floor(slices.length / 2);
                  for (let i = 0; i < slices.length; i++) {
                    if (i === half) {
                      await until('the first half acknowledged', () => live.pending === 0);
                      sockets[0].close();                      // the network drops
                    }
                    live.push(new Blob([bytes(slices[i])], { type: 'audio/webm' }));
                    await pause(150);
                  }
                  await until('a resumed session', () => sockets.length >= 2 && live.state === 'streaming');
                  live.stop();
                  await until('session_stopped', () => stopped !== null);
                  done({ recordId: stopped.recordId, sessionId: live.sessionId, sockets: sockets.length, states });
                })().catch(error => done({ error: String(error) }));
                """, slices);
        assertThat(result).as(String.valueOf(result.get("error"))).doesNotContainKey("error");
        assertThat(((Number) result.get("sockets")).intValue()).as("reconnected").isGreaterThanOrEqualTo(2);
        assertThat((List<String>) result.get("states")).containsSubsequence("streaming", "reconnecting", "streaming", "stopping", "stopped");
        long id = ((Number) result.get("recordId")).longValue();
        JsonNode status = api.awaitFinal(user, id, PIPELINE);
        assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("COMPLETED");
        JsonNode session = api.get(user, "/api/sessions/" + result.get("sessionId")).json();
        assertThat(session.get("totalDuration").asLong()).as(session.toString())
                .isBetween(said.duration().toMillis() - 1500, said.duration().toMillis() + 1500);
        String text = api.get(user, "/api/v1/records/" + id + "/transcript").json().get("text").asText();
        assertThat(WordErrorRate.of(said.referenceText(), text)).as(text).isLessThan(0.35);
    }

    // --- helpers

    private static String base() {
        return api.uri("/").toString();
    }

    private static void signInWith(String token) {
        WebElement field = browser.await("#token", PAGE);
        field.clear();
        field.sendKeys(token);
        browser.find("#sign-in-button").click();
    }

    private static String signIn() {
        return signIn(browser);
    }

    /** A new user, signed in as a person would stay signed in: the token in the page's storage. */
    private static String signIn(Browser target) {
        String user = ApiHarness.newUser();
        target.open(base() + "#/sign-in");
        target.js("localStorage.clear(); localStorage.setItem('audiojobs.token', arguments[0])", ApiHarness.token(user));
        target.open(base() + "#/records");
        target.until(PAGE, d -> target.findAll("#records").size() == 1);
        return user;
    }

    /** A record of the page tests' speech, as the API makes it from an upload. */
    private static long record(String user, String title) throws IOException {
        return api.recordOfWav(user, Files.readAllBytes(speech.wav()), Map.of("title", title, "language", "en"));
    }

    private static long seconds(String clock) {
        String[] parts = clock.split(":");
        return Long.parseLong(parts[0]) * 60 + Long.parseLong(parts[1]);
    }
}

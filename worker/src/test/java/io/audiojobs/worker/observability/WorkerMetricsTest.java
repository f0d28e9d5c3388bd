package io.audiojobs.worker.observability;

import io.audiojobs.shared.jobs.ConvertAudio;
import io.audiojobs.shared.jobs.TranscribeChunk;
import io.audiojobs.shared.transcripts.Transcript;
import io.audiojobs.worker.transcribe.SpeechToText;
import io.audiojobs.worker.transcribe.TranscriptionRequest;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.jobrunr.jobs.Job;
import org.jobrunr.jobs.JobDetails;
import org.jobrunr.jobs.JobParameter;
import org.jobrunr.jobs.filters.ElectStateFilter;
import org.jobrunr.storage.InMemoryStorageProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** WorkerMetrics without a job server; JobObservabilityTest runs it on a real one. */
class WorkerMetricsTest {
    private final WorkerMetrics metrics = WorkerMetrics.create(new InMemoryStorageProvider());
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void the_real_time_factor_is_processing_time_over_audio_length_by_engine() {
        metrics.recordRealTimeFactor("vosk", 60_000, 15_000);
        metrics.recordRealTimeFactor("vosk", 10_000, 5_000);
        metrics.recordRealTimeFactor("openai", 20_000, 2_000);
        metrics.recordRealTimeFactor("vosk", 0, 100); // no audio: no sample

        String text = scrapeRegistry();
        assertThat(text).contains("stt_real_time_factor_percent_count{engine=\"vosk\"} 2")
                .contains("stt_real_time_factor_percent_sum{engine=\"vosk\"} 75")
                .contains("stt_real_time_factor_percent_max{engine=\"vosk\"} 50")
                .contains("stt_real_time_factor_percent_count{engine=\"openai\"} 1")
                .contains("stt_real_time_factor_percent_bucket{engine=\"openai\",le=\"10.0\"} 1")
                .contains("stt_real_time_factor_percent_bucket{engine=\"vosk\",le=\"10.0\"} 0")
                .contains("stt_real_time_factor_percent_bucket{engine=\"vosk\",le=\"25.0\"} 1")
                .contains("stt_real_time_factor_percent_bucket{engine=\"vosk\",le=\"50.0\"} 2");
    }

    @Test
    void a_timed_engine_measures_each_successful_transcription_from_the_wav_header(@TempDir Path dir) throws Exception {
        Path wav = pcmWav(dir.resolve("a.wav"), 16_000, 32_000); // 2 s of audio
        SpeechToText slow = fake("vosk", () -> Thread.sleep(100));
        SpeechToText timed = metrics.timed(slow);
        assertThat(timed.engine()).isEqualTo("vosk");
        timed.transcribe(wav, new TranscriptionRequest("en", null));

        SpeechToText failing = metrics.timed(fake("openai", () -> {
            throw new IOException("provider down");
        }));
        assertThatThrownBy(() -> failing.transcribe(wav, new TranscriptionRequest("en", null))).hasMessage("provider down");

        String text = scrapeRegistry();
        assertThat(text).contains("stt_real_time_factor_percent_count{engine=\"vosk\"} 1").doesNotContain("engine=\"openai\"");
        double sum = Double.parseDouble(text.lines().filter(l -> l.startsWith("stt_real_time_factor_percent_sum{engine=\"vosk\"}"))
                .findFirst().orElseThrow().split(" ")[1]);
        assertThat(sum).isBetween(5.0, 100.0); // >= 100 ms of work on 2 s of audio
    }

    @Test
    void the_audio_length_comes_from_the_wav_header(@TempDir Path dir) throws Exception {
        assertThat(TimedSpeechToText.audioMillis(pcmWav(dir.resolve("b.wav"), 16_000, 24_000))).isEqualTo(1_500);
        assertThat(TimedSpeechToText.audioMillis(pcmWav(dir.resolve("c.wav"), 8_000, 80))).isEqualTo(10);
        assertThat(TimedSpeechToText.audioMillis(Files.writeString(dir.resolve("d.wav"), "not audio"))).isEqualTo(-1);
        assertThat(TimedSpeechToText.audioMillis(dir.resolve("missing.wav"))).isEqualTo(-1);
    }

    @Test
    void jvm_metrics_and_queue_depth_are_served_on_the_metrics_port() throws Exception {
        MetricsHttpServer server = metrics.serve(0);
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(response.body())
                .contains("jvm_memory_used_bytes{").contains("jvm_threads_live_threads").contains("jvm_gc_")
                .contains("process_uptime_seconds").contains("system_cpu_count").contains("process_cpu_usage")
                .contains("jobs_queue_depth{state=\"enqueued\"} 0").contains("jobs_queue_depth{state=\"scheduled\"} 0")
                .contains("jobs_queue_depth{state=\"processing\"} 0").contains("jobs_queue_depth{state=\"failed\"} 0")
                .doesNotContain("warm-up"); // the job filter's warm-up meters are gone

        var other = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/other")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).isEqualTo(404);
        var post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThatThrownBy(() -> metrics.serve(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_jobs_type_is_its_request_class_and_the_filter_never_elects_states() {
        assertThat(JobMetricsFilter.typeOf(new Job(new JobDetails(new ConvertAudio(1))))).isEqualTo("ConvertAudio");
        assertThat(JobMetricsFilter.typeOf(new Job(new JobDetails(new TranscribeChunk(1, 1, 0))))).isEqualTo("TranscribeChunk");
        assertThat(JobMetricsFilter.typeOf(new Job(new JobDetails("com.example.Reports", null, "nightly", List.<JobParameter>of()))))
                .isEqualTo("Reports.nightly");
        assertThat(metrics.jobFilter()).isNotInstanceOf(ElectStateFilter.class);
    }

    private String scrapeRegistry() {
        return ((PrometheusMeterRegistry) metrics.registry()).scrape();
    }

    private interface Work {
        void run() throws Exception;
    }

    private static SpeechToText fake(String engine, Work work) {
        return new SpeechToText() {
            @Override
            public String engine() {
                return engine;
            }

            @Override
            public String defaultModel() {
                return "test";
            }

            @Override
            public Transcript transcribe(Path wav, TranscriptionRequest request) throws Exception {
                work.run();
                return null;
            }
        };
    }

    /** A 16-bit PCM mono WAV of silence. */
    static Path pcmWav(Path file, int sampleRate, int samples) throws IOException {
        int dataBytes = samples * 2;
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(dataBytes);
        byte[] bytes = new byte[44 + dataBytes];
        System.arraycopy(header.array(), 0, bytes, 0, 44);
        return Files.write(file, bytes);
    }
}

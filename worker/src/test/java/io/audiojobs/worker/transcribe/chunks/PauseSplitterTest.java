package io.audiojobs.worker.transcribe.chunks;

import static io.audiojobs.worker.transcribe.chunks.ChunkFixtures.concat;
import static io.audiojobs.worker.transcribe.chunks.ChunkFixtures.durationMs;
import static io.audiojobs.worker.transcribe.chunks.ChunkFixtures.silence;
import static io.audiojobs.worker.transcribe.chunks.ChunkFixtures.speech;
import static io.audiojobs.worker.transcribe.chunks.ChunkFixtures.tone;
import static io.audiojobs.worker.transcribe.chunks.ChunkFixtures.wavFromRaw;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PauseSplitter} on real audio: flite speech with known silences, tones, a long file. */
class PauseSplitterTest {

    static final List<String> SENTENCES = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "Audio jobs run in the background on worker nodes.",
            "Every step writes its status to the database.",
            "Long recordings are cut at pauses into chunks.",
            "Each chunk is transcribed as a separate job.",
            "The results are merged with correct timestamps.");
    static final long GAP_MS = 1_000;

    @TempDir
    Path dir;

    /** Six utterances joined by exactly one second of digital silence each. */
    record Speech(byte[] pcm, List<Long> utteranceMs, List<Pause> insertedSilences) {
        long totalMs() {
            return durationMs(pcm);
        }
    }

    static Speech sixUtterances(Path dir) throws IOException, InterruptedException {
        List<byte[]> parts = new ArrayList<>();
        List<Long> lengths = new ArrayList<>();
        List<Pause> gaps = new ArrayList<>();
        long at = 0;
        for (int i = 0; i < SENTENCES.size(); i++) {
            byte[] utterance = speech(dir, SENTENCES.get(i));
            // keep whole milliseconds so that the gaps start on exact millisecond boundaries
            utterance = Arrays.copyOf(utterance, (int) (durationMs(utterance) * ChunkFixtures.SAMPLES_PER_MS * 2));
            parts.add(utterance);
            lengths.add(durationMs(utterance));
            at += durationMs(utterance);
            if (i < SENTENCES.size() - 1) {
                parts.add(silence(GAP_MS));
                gaps.add(new Pause(at, at + GAP_MS));
                at += GAP_MS;
            }
        }
        return new Speech(concat(parts.toArray(byte[][]::new)), lengths, gaps);
    }

    @Test
    void cutsSpeechInsideTheSilencesBetweenUtterances() throws Exception {
        Speech speech = sixUtterances(dir);
        Path wav = wavFromRaw(speech.pcm(), dir.resolve("speech.wav"));
        long longest = speech.utteranceMs().stream().mapToLong(Long::longValue).max().orElseThrow();
        long shortest = speech.utteranceMs().stream().mapToLong(Long::longValue).min().orElseThrow();
        // room for two utterances and the gap between them, never for three
        long maxChunk = 2 * longest + GAP_MS + 500;
        assertThat(3 * shortest + 2 * GAP_MS).isGreaterThan(maxChunk);

        PauseSplitter splitter = new PauseSplitter(
                SplitSettings.forMaxChunk(Duration.ofMillis(maxChunk)).withMinChunk(Duration.ofSeconds(1)));
        List<ChunkSpan> spans = splitter.split(wav);

        assertContiguous(spans, speech.totalMs());
        assertThat(spans).hasSizeBetween(3, 5);
        assertThat(spans).allSatisfy(span -> assertThat(span.durationMs()).isLessThanOrEqualTo(maxChunk));
        for (ChunkSpan span : spans.subList(0, spans.size() - 1)) {
            long cut = span.endMs();
            assertThat(speech.insertedSilences())
                    .as("cut at %d ms lies in an inserted silence", cut)
                    .anySatisfy(gap -> assertThat(cut).isBetween(gap.startMs(), gap.endMs()));
        }
    }

    @Test
    void continuousToneIsCutHardAtMaxChunk() throws Exception {
        Path wav = wavFromRaw(tone(70_000, 440, 0.3), dir.resolve("tone.wav"));
        PauseSplitter splitter = new PauseSplitter(SplitSettings.forMaxChunk(Duration.ofSeconds(20)));

        assertThat(splitter.split(wav))
                .containsExactly(
                        new ChunkSpan(0, 0, 20_000),
                        new ChunkSpan(1, 20_000, 40_000),
                        new ChunkSpan(2, 40_000, 60_000),
                        new ChunkSpan(3, 60_000, 70_000));
    }

    @Test
    void shortAudioIsOneSpan() throws Exception {
        byte[] pcm = concat(speech(dir, SENTENCES.get(0)), silence(700), speech(dir, SENTENCES.get(1)));
        Path wav = wavFromRaw(pcm, dir.resolve("short.wav"));
        PauseSplitter splitter = new PauseSplitter(SplitSettings.forMaxChunk(Duration.ofSeconds(30)));

        assertThat(splitter.split(wav)).containsExactly(new ChunkSpan(0, 0, durationMs(pcm)));
    }

    @Test
    void emptyAudioHasNoSpan() throws Exception {
        Path wav = wavFromRaw(new byte[0], dir.resolve("empty.wav"));
        assertThat(new PauseSplitter(SplitSettings.forMaxChunk(Duration.ofSeconds(30))).split(wav)).isEmpty();
    }

    /**
     * Half an hour (57.6 MB of samples) streamed with the default heap: 8 s of tone then 2 s of
     * silence, repeated. Every cut lands in a silence.
     */
    @Test
    void splitsThirtyMinutesStreaming() throws Exception {
        Path wav = ChunkFixtures.ffmpeg(dir.resolve("long.wav"),
                "-f", "lavfi", "-i", "aevalsrc='0.1*sin(2*PI*440*t)*lt(mod(t,10),8)':s=16000:d=1800",
                "-c:a", "pcm_s16le", "-ac", "1");
        PauseSplitter splitter = new PauseSplitter(SplitSettings.forMaxChunk(Duration.ofSeconds(30)));

        List<ChunkSpan> spans = splitter.split(wav);

        assertContiguous(spans, 1_800_000);
        assertThat(spans).hasSizeGreaterThan(60);
        for (ChunkSpan span : spans) {
            assertThat(span.durationMs()).isBetween(10_000L, 30_000L);
        }
        for (ChunkSpan span : spans.subList(0, spans.size() - 1)) {
            assertThat(span.endMs() % 10_000).as("cut %d in a silence", span.endMs()).isBetween(8_000L, 9_999L);
        }
        List<Pause> pauses = SilenceDetector.pauses(wav, 0.008, Duration.ofMillis(300));
        assertThat(pauses).hasSize(180);
        assertThat(pauses.getFirst()).isEqualTo(new Pause(8_000, 10_000));
        assertThat(pauses.getLast()).isEqualTo(new Pause(1_798_000, 1_800_000));
    }

    static void assertContiguous(List<ChunkSpan> spans, long totalMs) {
        assertThat(spans).isNotEmpty();
        assertThat(spans.getFirst().startMs()).isZero();
        assertThat(spans.getLast().endMs()).isEqualTo(totalMs);
        for (int i = 0; i < spans.size(); i++) {
            assertThat(spans.get(i).index()).isEqualTo(i);
            assertThat(spans.get(i).durationMs()).isPositive();
            if (i > 0) {
                assertThat(spans.get(i).startMs()).isEqualTo(spans.get(i - 1).endMs());
            }
        }
    }
}

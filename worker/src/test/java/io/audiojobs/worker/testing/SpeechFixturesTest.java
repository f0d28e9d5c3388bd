package io.audiojobs.worker.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.audiojobs.worker.testing.SpeechFixtures.Recording;
import io.audiojobs.worker.testing.SpeechFixtures.Utterance;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test helpers themselves: word error rate arithmetic and the synthesized recordings' layout. */
class SpeechFixturesTest {

    @TempDir
    Path dir;

    @Test
    void wordErrorRateCountsSubstitutionsDeletionsAndInsertions() {
        assertThat(WordErrorRate.of("The cat sat on the mat.", "the cat sat on the mat")).isZero();
        assertThat(WordErrorRate.measure("the cat sat on the mat", "the cat sit on the mat"))
                .isEqualTo(new WordErrorRate.Result(1, 0, 0, 6));
        assertThat(WordErrorRate.measure("the cat sat on the mat", "the cat on the mat"))
                .isEqualTo(new WordErrorRate.Result(0, 1, 0, 6));
        assertThat(WordErrorRate.measure("the cat sat on the mat", "the black cat sat on the mat"))
                .isEqualTo(new WordErrorRate.Result(0, 0, 1, 6));
        assertThat(WordErrorRate.of("one two three four", "")).isEqualTo(1.0);
        assertThat(WordErrorRate.of("one two", "one two three four five six")).isEqualTo(2.0);
        assertThat(WordErrorRate.of("a b c d", "x y")).isEqualTo(1.0); // 2 substitutions + 2 deletions
        assertThat(WordErrorRate.of("", "")).isZero();
        assertThat(WordErrorRate.of(null, "something")).isEqualTo(1.0);
    }

    @Test
    void wordErrorRateNormalizesCaseAndPunctuation() {
        assertThat(WordErrorRate.words("Don’t stop — it's a well-known \"fact\", isn't it?"))
                .containsExactly("don't", "stop", "it's", "a", "well", "known", "fact", "isn't", "it");
        assertThat(WordErrorRate.of("Hello, World!", "hello world")).isZero();
        assertThat(WordErrorRate.words("  ")).isEmpty();
    }

    @Test
    void wordErrorRateHandlesLongTranscripts() {
        String reference = String.join(" ", java.util.Collections.nCopies(50, SpeechFixtures.REFERENCE));
        String hypothesis = reference.replace("garden", "garten");

        WordErrorRate.Result result = WordErrorRate.measure(reference, hypothesis);

        assertThat(result.referenceWords()).isEqualTo(50 * 122);
        assertThat(result.substitutions()).isEqualTo(50);
        assertThat(result.deletions() + result.insertions()).isZero();
    }

    @Test
    void theScriptHasNoNumbers() {
        assertThat(SpeechFixtures.SCRIPT).hasSize(10).allSatisfy(s -> assertThat(s).doesNotContainPattern("\\d"));
        assertThat(WordErrorRate.words(SpeechFixtures.REFERENCE)).hasSize(122);
    }

    @Test
    void speakWritesSixteenKilohertzMonoPcm() throws Exception {
        Path wav = SpeechFixtures.speak("The quick brown fox jumps over the lazy dog.", dir.resolve("fox.wav"));

        assertFormat(wav);
        assertThat(SpeechFixtures.durationOf(wav)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(6));
    }

    @Test
    void recordingsPutSilenceBetweenSentencesAndKnowWhereEachOneIs() throws Exception {
        Recording recording = SpeechFixtures.recording(dir.resolve("three.wav"), SpeechFixtures.script(0, 3),
                Duration.ofMillis(1_500));

        assertFormat(recording.wav());
        List<Utterance> utterances = recording.utterances();
        assertThat(utterances).extracting(Utterance::text).containsExactlyElementsOf(SpeechFixtures.script(0, 3));
        assertThat(utterances.getFirst().startMs()).isZero();
        assertThat(utterances.getLast().endMs()).isEqualTo(recording.durationMs());
        for (int i = 1; i < utterances.size(); i++) {
            assertThat(utterances.get(i).startMs() - utterances.get(i - 1).endMs()).isCloseTo(1_500L, within(1L));
        }
        assertThat(SpeechFixtures.durationOf(recording.wav()).toMillis()).isEqualTo(recording.durationMs());
        assertThat(Files.size(recording.wav())).isEqualTo(44 + recording.durationMs() * 32);
        assertThat(recording.referenceText()).isEqualTo(String.join(" ", SpeechFixtures.script(0, 3)));

        // The pause really is digital silence.
        long gapStart = utterances.get(0).endMs() + 100;
        byte[] gap = new byte[32 * 1_000];
        try (InputStream in = Files.newInputStream(recording.wav())) {
            in.skipNBytes(44 + gapStart * 32);
            in.readNBytes(gap, 0, gap.length);
        }
        assertThat(gap).containsOnly(0);
    }

    @Test
    void longRecordingsLastAtLeastWhatWasAskedFor() throws Exception {
        Recording recording = SpeechFixtures.longRecording(dir.resolve("long.wav"), Duration.ofMinutes(3),
                Duration.ofMillis(700));

        assertThat(recording.duration()).isGreaterThanOrEqualTo(Duration.ofMinutes(3))
                .isLessThan(Duration.ofMinutes(3).plusSeconds(15));
        assertThat(recording.utterances().size()).isGreaterThan(SpeechFixtures.SCRIPT.size());
        assertThat(SpeechFixtures.durationOf(recording.wav())).isEqualTo(recording.duration());
    }

    @Test
    void silenceIsSilent() throws Exception {
        Path silence = SpeechFixtures.silence(dir.resolve("silence.wav"), Duration.ofSeconds(2));

        assertFormat(silence);
        assertThat(SpeechFixtures.durationOf(silence)).isEqualTo(Duration.ofSeconds(2));
    }

    /** RIFF/WAVE, PCM, one channel, 16 kHz, 16 bits. */
    private static void assertFormat(Path wav) throws Exception {
        byte[] header = new byte[36];
        try (InputStream in = Files.newInputStream(wav)) {
            in.readNBytes(header, 0, header.length);
        }
        ByteBuffer b = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(header, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(header, 8, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WAVEfmt ");
        assertThat(b.getShort(20)).as("format tag").isEqualTo((short) 1);
        assertThat(b.getShort(22)).as("channels").isEqualTo((short) 1);
        assertThat(b.getInt(24)).as("sample rate").isEqualTo(16_000);
        assertThat(b.getShort(34)).as("bits per sample").isEqualTo((short) 16);
    }
}

package io.audiojobs.worker.live;

import io.audiojobs.worker.testing.SpeechFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Seed 003's voice activity cuts on a stream: RMS 0.008, 300 ms of silence, pieces of 1-15 s, 500 ms pre-roll. */
class VoiceActivityCutterTest {

    @Test
    void pieces_start_with_the_pre_roll_and_end_after_300_ms_of_silence() {
        byte[] pcm = pcm(silence(200), tone(2000), silence(500), tone(500), silence(1200), tone(800), silence(300));
        List<VoiceActivityCutter.Piece> pieces = cut(pcm, pcm.length);
        assertThat(spans(pieces)).containsExactly(
                "0-2500",      // pre-roll: the 200 ms before the voice (all there was); 300 ms of silence after it
                "2500-3500",   // 0.5 s of voice: the piece waits for 1 s before a pause may end it
                "3900-5500");  // a full 500 ms pre-roll (the silence before it was longer)
    }

    @Test
    void a_piece_is_cut_at_15_s_when_the_voice_goes_on_and_the_next_starts_right_there() {
        byte[] pcm = pcm(silence(1000), tone(20_000));
        List<VoiceActivityCutter.Piece> pieces = cut(pcm, pcm.length);
        assertThat(spans(pieces)).containsExactly("500-15500", "15500-21000");
        assertThat(pieces.getFirst().samples()).hasSize(15 * 16_000);
    }

    @Test
    void silence_alone_makes_no_piece_and_a_short_last_word_still_does() {
        assertThat(cut(pcm(silence(5000)), 32_000)).isEmpty();
        byte[] pcm = pcm(silence(1000), tone(300));
        assertThat(spans(cut(pcm, pcm.length))).containsExactly("500-1300");
    }

    @Test
    void the_cuts_do_not_depend_on_how_the_stream_was_split() {
        byte[] pcm = pcm(silence(300), tone(1700), silence(400), tone(16_000), silence(900), tone(2500));
        List<String> whole = spans(cut(pcm, pcm.length));
        Random random = new Random(3);
        for (int round = 0; round < 5; round++) {
            List<VoiceActivityCutter.Piece> pieces = new ArrayList<>();
            VoiceActivityCutter cutter = new VoiceActivityCutter(pieces::add);
            int at = 0;
            byte[] carry = new byte[0];
            while (at < pcm.length) {
                int n = Math.min(pcm.length - at, 1 + random.nextInt(5000));
                byte[] read = new byte[carry.length + n];
                System.arraycopy(carry, 0, read, 0, carry.length);
                System.arraycopy(pcm, at, read, carry.length, n);
                at += n;
                int even = read.length & ~1;
                cutter.accept(read, even);
                carry = Arrays.copyOfRange(read, even, read.length);
            }
            cutter.finish();
            assertThat(spans(pieces)).isEqualTo(whole);
        }
    }

    @Test
    void spoken_sentences_with_pauses_between_them_are_one_piece_each(@TempDir Path dir) throws Exception {
        var speech = SpeechFixtures.recording(dir.resolve("s.wav"), SpeechFixtures.script(0, 4), Duration.ofMillis(800));
        byte[] wav = Files.readAllBytes(speech.wav());
        byte[] pcm = Arrays.copyOfRange(wav, 44, wav.length);
        List<VoiceActivityCutter.Piece> pieces = cut(pcm, pcm.length);
        assertThat(pieces).hasSameSizeAs(speech.utterances());
        for (int i = 0; i < pieces.size(); i++) {
            var utterance = speech.utterances().get(i);
            assertThat(pieces.get(i).startMs()).as("piece %d starts before its sentence", i)
                    .isBetween(utterance.startMs() - 600, utterance.startMs() + 300);
            assertThat(pieces.get(i).endMs()).as("piece %d ends after its sentence", i)
                    .isBetween(utterance.endMs() - 300, utterance.endMs() + 700);
        }
    }

    private static List<VoiceActivityCutter.Piece> cut(byte[] pcm, int length) {
        List<VoiceActivityCutter.Piece> pieces = new ArrayList<>();
        VoiceActivityCutter cutter = new VoiceActivityCutter(pieces::add);
        cutter.accept(pcm, length);
        cutter.finish();
        for (int i = 0; i < pieces.size(); i++) {
            assertThat(pieces.get(i).index()).isEqualTo(i);
            assertThat(pieces.get(i).samples().length).isEqualTo((int) (pieces.get(i).endSample() - pieces.get(i).startSample()));
        }
        return pieces;
    }

    private static List<String> spans(List<VoiceActivityCutter.Piece> pieces) {
        return pieces.stream().map(p -> p.startMs() + "-" + p.endMs()).toList();
    }

    private static short[] silence(int ms) {
        short[] samples = new short[ms * 16];
        Random random = new Random(ms);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (random.nextGaussian() * 30); // room noise, far below the threshold (262)
        }
        return samples;
    }

    private static short[] tone(int ms) {
        short[] samples = new short[ms * 16];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (Math.sin(2 * Math.PI * 220 * i / 16_000.0) * 6000);
        }
        return samples;
    }

    private static byte[] pcm(short[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (short[] part : parts) {
            ByteBuffer b = ByteBuffer.allocate(part.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (short s : part) {
                b.putShort(s);
            }
            out.writeBytes(b.array());
        }
        return out.toByteArray();
    }
}

package io.audiojobs.worker.testing;

import io.audiojobs.shared.live.LiveContainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What a browser streams while it records: a recording encoded by ffmpeg the way MediaRecorder
 * encodes it (WebM/Opus as Chrome and Firefox, Ogg/Opus, fragmented MP4/AAC as Safari, or a WAV whose
 * header cannot know its length), written to a pipe so the muxer cannot go back and fix its header,
 * then cut into timeslice chunks at arbitrary byte boundaries, as MediaRecorder cuts: only the
 * stream from the first chunk decodes, no chunk on its own.
 */
public final class LiveStreams {
    private LiveStreams() {}

    /** {@code wav} encoded in {@code container}, as the bytes a recorder streams. */
    public static byte[] encode(Path wav, LiveContainer container) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SpeechFixtures.FFMPEG, "-nostdin", "-v", "error", "-i", wav.toString(),
                "-map", "0:a:0"));
        command.addAll(switch (container) {
            case WEBM -> List.of("-c:a", "libopus", "-b:a", "48k", "-f", "webm", "-live", "1", "-cluster_time_limit", "1000");
            case OGG -> List.of("-c:a", "libopus", "-b:a", "48k", "-f", "ogg");
            case MP4 -> List.of("-c:a", "aac", "-b:a", "64k", "-f", "mp4",
                    "-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-frag_duration", "1000000");
            case WAV -> List.of("-c:a", "pcm_s16le", "-f", "wav");
        });
        command.add("pipe:1");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        byte[] bytes = process.getInputStream().readAllBytes();
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || bytes.length == 0) {
            throw new IllegalStateException("ffmpeg could not encode " + wav + " as " + container + ": " + errors);
        }
        return bytes;
    }

    /**
     * The stream cut into chunks of about {@code timesliceMs} of audio each (a stream of {@code
     * durationMs}), at byte boundaries that fall anywhere: MediaRecorder hands over whatever the
     * encoder has produced when the timeslice ends.
     */
    public static List<byte[]> slices(byte[] stream, long durationMs, long timesliceMs, long seed) {
        Random random = new Random(seed);
        double bytesPerMs = stream.length / (double) Math.max(1, durationMs);
        List<byte[]> slices = new ArrayList<>();
        int at = 0;
        while (at < stream.length) {
            int size = (int) Math.max(1, Math.round(bytesPerMs * timesliceMs * (0.7 + 0.6 * random.nextDouble())));
            int end = Math.min(stream.length, at + size);
            byte[] slice = new byte[end - at];
            System.arraycopy(stream, at, slice, 0, slice.length);
            slices.add(slice);
            at = end;
        }
        return slices;
    }

    /** Writes {@code bytes} to a file (to probe or decode it). */
    public static Path write(byte[] bytes, Path file) throws IOException {
        return Files.write(file, bytes);
    }
}

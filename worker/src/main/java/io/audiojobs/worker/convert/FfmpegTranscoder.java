package io.audiojobs.worker.convert;

import static java.util.Objects.requireNonNull;

import io.audiojobs.shared.playback.HlsLayout;
import io.audiojobs.worker.audio.WavHeader;
import io.audiojobs.worker.media.TimeLimitedRun;
import io.audiojobs.worker.media.ToolTimeLimit;
import io.audiojobs.worker.media.ToolTimeoutException;
import io.audiojobs.worker.media.UntrustedInput;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.bramp.ffmpeg.FFmpegException;
import net.bramp.ffmpeg.FFprobe;
import net.bramp.ffmpeg.builder.FFmpegBuilder;
import net.bramp.ffmpeg.builder.FFmpegBuilder.Verbosity;
import net.bramp.ffmpeg.builder.FFmpegOutputBuilder;
import net.bramp.ffmpeg.builder.StreamSpecifier;
import net.bramp.ffmpeg.builder.StreamSpecifierType;
import net.bramp.ffmpeg.probe.FFmpegFormat;
import net.bramp.ffmpeg.probe.FFmpegProbeResult;
import net.bramp.ffmpeg.probe.FFmpegStream;
import net.bramp.ffmpeg.shared.CodecType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Transcoder} running the ffmpeg and ffprobe binaries, with command lines built by
 * ffmpeg-cli-wrapper. Every run reads the input only as itself ({@link UntrustedInput}) and is
 * killed past its {@link ToolTimeLimit}.
 */
public final class FfmpegTranscoder implements Transcoder {

    private static final Logger log = LoggerFactory.getLogger(FfmpegTranscoder.class);

    static final int NORMALIZED_SAMPLE_RATE = 16_000;
    private static final long MP3_BIT_RATE = 128_000;
    private static final double TRUNCATED_BELOW_FRACTION = 0.9;
    private static final long TRUNCATED_MIN_MISSING_MILLIS = 1_000;
    /** Decode a little past the limit so "longer than allowed" is observable, but not much more. */
    private static final long DECODE_BEYOND_LIMIT_MILLIS = 1_000;
    private static final int ERROR_LINES_IN_EXCEPTIONS = 20;
    private static final int ERROR_LINES_FOR_USERS = 2;

    private final String ffmpegPath;
    private final String ffprobePath;
    private final long maxDurationMillis;
    private final ToolTimeLimit timeLimit;

    public FfmpegTranscoder(
            String ffmpegPath, String ffprobePath, Duration maxDuration, ToolTimeLimit timeLimit) {
        this.ffmpegPath = requireNonNull(ffmpegPath, "ffmpegPath");
        this.ffprobePath = requireNonNull(ffprobePath, "ffprobePath");
        requireNonNull(maxDuration, "maxDuration");
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("maxDuration must be positive: " + maxDuration);
        }
        this.maxDurationMillis = maxDuration.toMillis();
        this.timeLimit = requireNonNull(timeLimit, "timeLimit");
    }

    @Override
    public AudioFacts probe(Path input) throws UnusableAudioException, IOException {
        long fileSize = Files.size(input);
        if (fileSize == 0) {
            throw UnusableAudioException.emptyFile();
        }
        FFmpegProbeResult result = runFfprobe(input);
        List<FFmpegStream> streams = result.getStreams();
        FFmpegStream audio =
                streams.stream()
                        .filter(stream -> stream.codec_type == CodecType.AUDIO)
                        .findFirst()
                        .orElseThrow(() -> UnusableAudioException.noAudioStream(describeStreamTypes(streams)));
        FFmpegFormat format = result.getFormat();
        AudioFacts facts =
                new AudioFacts(
                        announcedDurationMillis(format, audio),
                        format == null ? "" : String.valueOf(format.format_name),
                        String.valueOf(audio.codec_name),
                        audio.sample_rate,
                        audio.channels,
                        audio.bit_rate > 0 ? audio.bit_rate : format == null ? 0 : format.bit_rate);
        if (facts.formatName().equals("wav")) {
            rejectTruncatedWav(input, fileSize);
        }
        if (facts.hasKnownDuration() && facts.durationMillis() > maxDurationMillis) {
            throw UnusableAudioException.tooLong(facts.durationMillis(), maxDurationMillis);
        }
        return facts;
    }

    @Override
    public long toNormalizedWav(Path input, AudioFacts facts, Path output)
            throws UnusableAudioException, IOException {
        FFmpegBuilder command =
                commandFor(input)
                        .addOutput(output.toAbsolutePath().toString())
                        .setFormat("wav")
                        .addMap(0, StreamSpecifier.stream(StreamSpecifierType.Audio, 0))
                        .disableVideo()
                        .disableSubtitle()
                        .setAudioCodec("pcm_s16le")
                        .setAudioChannels(1)
                        .setAudioSampleRate(NORMALIZED_SAMPLE_RATE)
                        // A stream whose container announces no duration could decode for days otherwise.
                        .setDuration(maxDurationMillis + DECODE_BEYOND_LIMIT_MILLIS, TimeUnit.MILLISECONDS)
                        .addExtraArgs("-map_metadata", "-1")
                        .done();
        ToolOutput ffmpegOutput = new ToolOutput();
        // unknown length: decoding stops at the limit (setDuration above), the most it can take
        long audioMillis = facts.hasKnownDuration() ? facts.durationMillis() : maxDurationMillis;
        try {
            runFfmpeg(command, ffmpegOutput, audioMillis);
        } catch (ToolTimeoutException | InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            Optional<String> refusal = UntrustedInput.refusal(ffmpegOutput.printed());
            if (refusal.isPresent()) {
                Files.deleteIfExists(output);
                throw new UnusableAudioException(refusal.get(), e);
            }
            String printed = String.join("\n", ffmpegOutput.lastLines(ERROR_LINES_IN_EXCEPTIONS, input));
            // No message at all means ffmpeg did not start, was killed or crashed: not the input's fault.
            if (printed.isEmpty() || ToolOutput.pointsAtEnvironment(printed)) {
                throw failure("ffmpeg could not convert " + input.getFileName(), ffmpegOutput, input, e);
            }
            Files.deleteIfExists(output);
            UnusableAudioException rejection =
                    UnusableAudioException.undecodable(forUsers(ffmpegOutput, input));
            rejection.initCause(e);
            throw rejection;
        }

        long decodedMillis = decodedMillis(output);
        try {
            if (decodedMillis == 0) {
                throw UnusableAudioException.nothingDecoded(forUsers(ffmpegOutput, input));
            }
            if (facts.hasKnownDuration() && isTruncated(facts.durationMillis(), decodedMillis)) {
                throw UnusableAudioException.truncated(
                        facts.durationMillis(),
                        decodedMillis,
                        "could be decoded",
                        forUsers(ffmpegOutput, input));
            }
            if (decodedMillis > maxDurationMillis) {
                throw UnusableAudioException.longerThanLimit(maxDurationMillis);
            }
        } catch (UnusableAudioException e) {
            Files.deleteIfExists(output);
            throw e;
        }
        if (!ffmpegOutput.isEmpty()) {
            log.debug(
                    "ffmpeg reported for {}: {}",
                    input,
                    ffmpegOutput.lastLines(ERROR_LINES_IN_EXCEPTIONS, input));
        }
        return decodedMillis;
    }

    @Override
    public void toMp3(Path input, long audioMillis, Path output) throws IOException {
        FFmpegBuilder command =
                commandFor(input)
                        .addOutput(output.toAbsolutePath().toString())
                        .setFormat("mp3")
                        .addMap(0, StreamSpecifier.stream(StreamSpecifierType.Audio, 0))
                        .disableVideo()
                        .disableSubtitle()
                        .setAudioCodec("libmp3lame")
                        .setAudioBitRate(MP3_BIT_RATE)
                        // Filter negotiation keeps mono as mono, mixes anything wider down to stereo and
                        // picks the nearest of the two rates (48 kHz stays, everything else becomes 44.1 kHz).
                        .setAudioFilter("aformat=channel_layouts=mono|stereo:sample_rates=44100|48000")
                        .done();
        ToolOutput ffmpegOutput = new ToolOutput();
        try {
            runFfmpeg(command, ffmpegOutput, audioMillis);
        } catch (ToolTimeoutException | InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            throw failure(
                    "ffmpeg could not encode " + input.getFileName() + " to MP3", ffmpegOutput, input, e);
        }
    }

    @Override
    public void toHls(Path input, long audioMillis, Path outputDir) throws IOException {
        FFmpegOutputBuilder output =
                commandFor(input)
                        .addOutput(outputDir.resolve("%v").resolve(HlsLayout.VARIANT_PLAYLIST).toAbsolutePath().toString())
                        .setFormat("hls")
                        .disableVideo()
                        .disableSubtitle()
                        .setAudioCodec("aac")
                        .setAudioFilter("aformat=channel_layouts=mono|stereo:sample_rates=44100|48000");
        StringBuilder streamMap = new StringBuilder();
        for (HlsLayout.Variant variant : HlsLayout.Variant.values()) {
            int index = variant.ordinal();
            output.addMap(0, StreamSpecifier.stream(StreamSpecifierType.Audio, 0))
                    .addExtraArgs("-b:a:" + index, String.valueOf(variant.bitRate()));
            streamMap.append(index == 0 ? "" : " ").append("a:").append(index).append(",name:").append(variant.folder());
        }
        FFmpegBuilder command =
                output.addExtraArgs(
                                "-hls_time", String.valueOf(HlsLayout.SEGMENT_SECONDS),
                                "-hls_playlist_type", "vod",
                                "-hls_flags", "independent_segments",
                                "-hls_segment_type", "mpegts",
                                "-hls_segment_filename",
                                outputDir.resolve("%v").resolve("seg%05d.ts").toAbsolutePath().toString(),
                                "-master_pl_name", HlsLayout.MASTER,
                                "-var_stream_map", streamMap.toString())
                        .done();
        ToolOutput ffmpegOutput = new ToolOutput();
        // unknown length (a record converted before durations were kept): the longest input probe admits
        long limitMillis = audioMillis > 0 ? audioMillis : maxDurationMillis;
        try {
            runFfmpeg(command, ffmpegOutput, limitMillis);
        } catch (ToolTimeoutException | InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            throw failure(
                    "ffmpeg could not encode " + input.getFileName() + " to HLS", ffmpegOutput, input, e);
        }
    }

    private FFmpegBuilder commandFor(Path input) {
        return new FFmpegBuilder()
                .setVerbosity(Verbosity.ERROR)
                // -nostdin: ffmpeg would otherwise poll the pipe the JVM gives it for interactive keys.
                .addExtraArgs("-nostdin", "-nostats")
                .addExtraArgs(UntrustedInput.options().toArray(String[]::new))
                .setInput(input.toAbsolutePath().toString())
                .done();
    }

    /** Runs ffmpeg on audio {@code audioMillis} long, copying everything it prints into {@code sink}. */
    private void runFfmpeg(FFmpegBuilder command, ToolOutput sink, long audioMillis) throws IOException {
        List<String> commandLine = new ArrayList<>();
        commandLine.add(ffmpegPath);
        commandLine.addAll(command.build());
        int status =
                new TimeLimitedRun("ffmpeg", timeLimit.forAudio(audioMillis)).runToEnd(commandLine, sink);
        if (status != 0) {
            throw new IOException("ffmpeg exited with status " + status);
        }
    }

    /** ffprobe's JSON through the wrapper, whose parser copes with every field ffprobe prints. */
    private FFmpegProbeResult runFfprobe(Path input) throws UnusableAudioException, IOException {
        TimeLimitedRun run = probeRun();
        FFprobe ffprobe = new FFprobe(ffprobePath, run);
        FFmpegProbeResult result;
        try {
            result =
                    ffprobe.probe(
                            ffprobe.builder()
                                    .addExtraArgs(UntrustedInput.options().toArray(String[]::new))
                                    .setInput(input.toAbsolutePath().toString())
                                    .setShowChapters(false));
        } catch (FFmpegException e) {
            run.throwIfStopped();
            // ffprobe exited non-zero; its "-show_error" JSON says why, or nothing if it crashed.
            if (e.getError() == null) {
                throw e;
            }
            throw unreadable(input, e.getError().getString(), e);
        } catch (IOException e) {
            run.throwIfStopped();
            throw e;
        } catch (RuntimeException e) {
            run.throwIfStopped();
            // the wrapper's Gson fails this way when ffprobe printed something other than its JSON
            throw new IOException("ffprobe output for " + input + " could not be read", e);
        }
        if (result.getError() != null) {
            throw unreadable(input, result.getError().getString(), null);
        }
        if (result.getStreams() == null) {
            throw new IOException("ffprobe reported no stream list for " + input);
        }
        return result;
    }

    /**
     * ffprobe could not open {@code input}. Its JSON error is generic ("Invalid data found when
     * processing input"); the specific reason (e.g. "moov atom not found") only goes to stderr, which
     * the wrapper has to silence (-v quiet) to parse the JSON, so ffprobe is asked again, verbosely.
     */
    private UnusableAudioException unreadable(Path input, String error, Exception cause)
            throws IOException {
        if (ToolOutput.pointsAtEnvironment(error)) {
            throw new IOException("ffprobe could not read " + input + ": " + error, cause);
        }
        ToolOutput verbose = ffprobeErrors(input);
        Optional<String> refusal = UntrustedInput.refusal(verbose.printed());
        if (refusal.isPresent()) {
            return new UnusableAudioException(refusal.get(), cause);
        }
        // the last line repeats the generic JSON error; the one before it, if any, is specific
        List<String> details = verbose.lastMessages(2, input);
        if (ToolOutput.pointsAtEnvironment(details.toString())) {
            throw new IOException("ffprobe could not read " + input + ": " + details, cause);
        }
        String specific =
                details.stream()
                        .filter(line -> !line.isBlank() && !line.equals(error))
                        .findFirst()
                        .orElse(error);
        UnusableAudioException rejection =
                details.stream().anyMatch(line -> line.contains("moov atom not found"))
                        ? UnusableAudioException.incompleteContainer("ffprobe: " + specific)
                        : UnusableAudioException.notAudio(specific);
        if (cause != null) {
            rejection.initCause(cause);
        }
        return rejection;
    }

    /** What ffprobe prints about {@code input} at -v error; its exit status is known to be non-zero. */
    private ToolOutput ffprobeErrors(Path input) throws IOException {
        List<String> command = new ArrayList<>(List.of(ffprobePath, "-v", "error"));
        command.addAll(UntrustedInput.inputArgs(input));
        ToolOutput output = new ToolOutput();
        probeRun().runToEnd(command, output);
        return output;
    }

    /** ffprobe reads headers, not the whole file: its limit does not grow with the (unknown) length. */
    private TimeLimitedRun probeRun() {
        return new TimeLimitedRun("ffprobe", timeLimit.forAudio(0));
    }

    /**
     * A WAV header states how much audio follows; ffprobe silently reports only what is present, so
     * a WAV cut off during upload would otherwise pass as a shorter recording.
     */
    private static void rejectTruncatedWav(Path input, long fileSize)
            throws UnusableAudioException, IOException {
        WavHeader header;
        try {
            header = WavHeader.read(input);
        } catch (IOException unusualHeader) {
            // ffprobe accepted the file; a header we cannot interpret is no reason to reject it
            log.debug("Could not check WAV header of {}: {}", input, unusualHeader.getMessage());
            return;
        }
        if (header.declaredDataBytes() == WavHeader.UNKNOWN_SIZE || header.byteRate() <= 0) {
            return;
        }
        long announcedMillis = header.declaredDataBytes() * 1000 / header.byteRate();
        long presentMillis = header.availableDataBytes(fileSize) * 1000 / header.byteRate();
        if (isTruncated(announcedMillis, presentMillis)) {
            throw UnusableAudioException.truncated(announcedMillis, presentMillis, "is present", null);
        }
    }

    private static boolean isTruncated(long announcedMillis, long actualMillis) {
        return actualMillis < announcedMillis * TRUNCATED_BELOW_FRACTION
                && announcedMillis - actualMillis > TRUNCATED_MIN_MISSING_MILLIS;
    }

    private static long announcedDurationMillis(FFmpegFormat format, FFmpegStream audio) {
        double seconds = format != null && format.duration > 0 ? format.duration : audio.duration;
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            return AudioFacts.UNKNOWN_DURATION;
        }
        return Math.round(seconds * 1000);
    }

    private static long decodedMillis(Path normalizedWav) throws IOException {
        WavHeader header = WavHeader.read(normalizedWav);
        long samples = header.availableDataBytes(Files.size(normalizedWav)) / header.blockAlign();
        return samples * 1000 / header.sampleRate();
    }

    private static String describeStreamTypes(List<FFmpegStream> streams) {
        return streams.stream()
                .map(
                        stream ->
                                stream.codec_type == null
                                        ? "unknown data"
                                        : stream.codec_type.name().toLowerCase(Locale.ROOT))
                .distinct()
                .collect(Collectors.joining(" and "));
    }

    private static String forUsers(ToolOutput output, Path input) {
        return String.join("; ", output.lastMessages(ERROR_LINES_FOR_USERS, input));
    }

    private static IOException failure(
            String what, ToolOutput output, Path input, IOException cause) {
        List<String> lines = output.lastLines(ERROR_LINES_IN_EXCEPTIONS, input);
        String detail = lines.isEmpty() ? cause.getMessage() : String.join("\n", lines);
        return new IOException(what + ":\n" + detail, cause);
    }
}

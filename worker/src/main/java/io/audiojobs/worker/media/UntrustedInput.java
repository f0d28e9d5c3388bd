package io.audiojobs.worker.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How ffprobe and ffmpeg are told to open a file a user gave us (an upload, a live recording, or
 * anything made from one), so that they read it only as itself.
 *
 * <p>FFmpeg picks a demuxer by content, whatever the file is called. Some demuxers open further
 * inputs named inside the file: an HLS playlist its segments (a bare path to another user's
 * rendition is read as happily as a URL), an ffconcat list its entries, an SDP description RTP
 * sockets, image2 a numbered series of files. A protocol allow-list alone does not stop a playlist
 * whose segment is itself a local file, so both lists are given: the demuxers single-file audio
 * needs, and the file protocol only (no data:, subfile, concat, http, pipe...).
 */
public final class UntrustedInput {

    /**
     * Demuxer names, matched by FFmpeg against any part of a demuxer's comma-separated name: "mov"
     * also admits mp4, m4a and 3gp, "matroska" also webm, "ogg" Vorbis and Opus. CAF, Wave64 and
     * the rest are left out: every demuxer allowed is parser code exposed to uploads.
     */
    static final List<String> ACCEPTED_FORMATS =
            List.of("wav", "mp3", "ogg", "matroska", "webm", "mov", "mp4", "m4a", "flac", "aac", "aiff", "amr");

    /** {@link #ACCEPTED_FORMATS} as people know them. */
    public static final String ACCEPTED_FOR_PEOPLE =
            "WAV, MP3, Ogg, Opus, WebM, Matroska, MP4, M4A, 3GP, FLAC, AAC, AIFF, AMR";

    static final String ALLOWED_PROTOCOLS = "file";

    /** "[hls @ 0x55d07e3431c0] Format not on whitelist 'wav,...'": the component is the demuxer FFmpeg chose. */
    private static final Pattern REFUSED_FORMAT =
            Pattern.compile("(?m)^\\[([^\\]@]+?) @ 0x[0-9a-fA-F]+\\]\\s*Format not on whitelist");
    private static final Pattern REFUSED_PROTOCOL = Pattern.compile("Protocol '([^']*)' not on whitelist");

    private static final Map<String, String> LOOKS_LIKE = Map.of(
            "hls", "an HLS playlist",
            "concat", "an ffconcat list",
            "sdp", "an SDP session description",
            "rtp", "an RTP stream description",
            "mpegts", "an MPEG transport stream",
            "ffmetadata", "an FFmpeg metadata file",
            "image2", "an image");

    private UntrustedInput() {}

    /** The options to put before {@code -i} (ffmpeg) or the input (ffprobe). */
    public static List<String> options() {
        return List.of(
                "-protocol_whitelist", ALLOWED_PROTOCOLS,
                "-format_whitelist", String.join(",", ACCEPTED_FORMATS));
    }

    /** {@link #options()}, then {@code -i} and the file. */
    public static List<String> inputArgs(Path file) {
        List<String> args = new ArrayList<>(options());
        args.add("-i");
        args.add(file.toAbsolutePath().toString());
        return List.copyOf(args);
    }

    /**
     * The options before and including {@code -i pipe:0} for a stream a client sends as it records
     * (a live session), read from ffmpeg's standard input: the demuxer is {@code format}, named by the
     * caller and never guessed from the bytes, and must be one of {@link #ACCEPTED_FORMATS}; the only
     * protocol is pipe, and the format allow-list still applies to anything a demuxer would open.
     * {@code before} (probing, buffering flags) goes between the lists and {@code -f}.
     */
    public static List<String> pipeInputArgs(String format, List<String> before) {
        if (!ACCEPTED_FORMATS.contains(format)) {
            throw new IllegalArgumentException("not an accepted input format: " + format);
        }
        List<String> args = new ArrayList<>(List.of(
                "-protocol_whitelist", "pipe",
                "-format_whitelist", String.join(",", ACCEPTED_FORMATS)));
        args.addAll(before);
        args.addAll(List.of("-f", format, "-i", "pipe:0"));
        return List.copyOf(args);
    }

    /**
     * What a tool's output says was refused, as a reason for the person who uploaded the file, or
     * empty if nothing was refused. {@code printed} is what ffprobe or ffmpeg printed with their
     * component prefixes ("[hls @ 0x...]") still in place.
     */
    public static Optional<String> refusal(String printed) {
        Matcher format = REFUSED_FORMAT.matcher(printed);
        if (format.find()) {
            return Optional.of("The file is not in an accepted audio format (it looks like "
                    + looksLike(format.group(1).strip()) + "); accepted: " + ACCEPTED_FOR_PEOPLE + ".");
        }
        Matcher protocol = REFUSED_PROTOCOL.matcher(printed);
        if (protocol.find()) {
            return Optional.of("The file refers to another file or address (" + protocol.group(1)
                    + "), which is not allowed: upload the audio itself.");
        }
        return Optional.empty();
    }

    private static String looksLike(String demuxer) {
        String name = demuxer.toLowerCase(Locale.ROOT);
        if (name.endsWith("_pipe") || name.startsWith("image2")) {
            return LOOKS_LIKE.get("image2");
        }
        return LOOKS_LIKE.getOrDefault(name, "a " + name + " file");
    }
}

package io.audiojobs.shared.playback;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a record's HLS rendition lives in the object store: a master playlist naming one variant
 * playlist per bit rate, each listing its MPEG-TS segments by a relative name. The worker writes
 * exactly these names; the API serves only these names, so a requested path can never name
 * anything else.
 */
public final class HlsLayout {
    public static final String MASTER = "master.m3u8";
    public static final String VARIANT_PLAYLIST = "index.m3u8";
    /** What ffmpeg's segment template {@code seg%05d.ts} produces. */
    public static final Pattern SEGMENT = Pattern.compile("seg\\d{5}\\.ts");
    public static final int SEGMENT_SECONDS = 6;
    public static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
    public static final String SEGMENT_TYPE = "video/mp2t";

    /** The bit-rate ladder: AAC at 64 and 128 kbit/s, each in a folder of its own name. */
    public enum Variant {
        LOW("low", 64_000),
        HIGH("high", 128_000);

        private final String folder;
        private final long bitRate;

        Variant(String folder, long bitRate) {
            this.folder = folder;
            this.bitRate = bitRate;
        }

        public String folder() {
            return folder;
        }

        public long bitRate() {
            return bitRate;
        }

        public static Optional<Variant> ofFolder(String folder) {
            return Arrays.stream(values()).filter(v -> v.folder.equals(folder)).findFirst();
        }
    }

    private HlsLayout() {}

    /** Every object of the rendition starts with this. */
    public static String prefix(long recordId) {
        return "records/" + recordId + "/hls/";
    }

    public static String masterKey(long recordId) {
        return prefix(recordId) + MASTER;
    }

    public static String variantPlaylistKey(long recordId, Variant variant) {
        return prefix(recordId) + variant.folder() + "/" + VARIANT_PLAYLIST;
    }

    /** The key of {@code file} in {@code variant}'s folder, if it is a name the rendition has. */
    public static Optional<String> variantFileKey(long recordId, Variant variant, String file) {
        if (file.equals(VARIANT_PLAYLIST) || SEGMENT.matcher(file).matches()) {
            return Optional.of(prefix(recordId) + variant.folder() + "/" + file);
        }
        return Optional.empty();
    }

    public static String contentTypeOf(String key) {
        return key.endsWith(".m3u8") ? PLAYLIST_TYPE : SEGMENT_TYPE;
    }
}

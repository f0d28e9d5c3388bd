package io.audiojobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.audiojobs.shared.playback.HlsLayout;
import io.audiojobs.shared.renditions.RenditionDao;
import io.audiojobs.shared.renditions.RenditionKind;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Records for the playback tests, made through the API; what convert would add (the measured
 * duration, renditions, a real HLS rendition made by ffmpeg) is put in place directly, since no
 * worker runs in the API's tests.
 */
public final class PlaybackFixtures {
    private final ApiHarness api;

    public PlaybackFixtures(ApiHarness api) {
        this.api = api;
    }

    /** A queued record of {@code user}'s, made from a one-second WAV. */
    public long record(String user) {
        byte[] wav = TestAudio.wav(1);
        JsonNode plan = api.postJson(user, "/api/v1/uploads",
                Map.of("filename", "a.wav", "contentType", "audio/wav", "sizeBytes", wav.length)).json();
        if (api.putTo(plan, wav) != 200) {
            throw new IllegalStateException("upload failed");
        }
        var created = api.postJson(user, "/api/v1/records", Map.of("title", "played", "uploadId", plan.get("uploadId").asLong()));
        return created.json().at("/record/id").asLong();
    }

    /** What convert measures. */
    public void measured(long recordId, long durationMs) {
        api.database().jdbi().useHandle(h ->
                h.execute("UPDATE records SET audio_duration_ms = ? WHERE id = ?", durationMs, recordId));
    }

    public void rendition(long recordId, RenditionKind kind, String key, Path file, String contentType) throws IOException {
        api.store().putFile(key, file, contentType);
        long size = Files.size(file);
        api.database().jdbi().useExtension(RenditionDao.class, dao -> dao.upsert(recordId, kind, key, contentType, size));
    }

    /** A real HLS rendition of a {@code seconds} tone (made by ffmpeg as the worker makes it) stored for the record. */
    public void hls(long recordId, int seconds, Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("hls-" + recordId));
        run("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds,
                "-map", "0:a:0", "-map", "0:a:0", "-c:a", "aac", "-b:a:0", "64k", "-b:a:1", "128k", "-ar", "44100",
                "-f", "hls", "-hls_time", "6", "-hls_playlist_type", "vod", "-hls_segment_filename", out + "/%v/seg%05d.ts",
                "-master_pl_name", HlsLayout.MASTER, "-var_stream_map", "a:0,name:low a:1,name:high", out + "/%v/index.m3u8");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(out)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            String key = HlsLayout.prefix(recordId) + out.relativize(file).toString();
            api.store().putFile(key, file, HlsLayout.contentTypeOf(key));
        }
        rendition(recordId, RenditionKind.HLS, HlsLayout.masterKey(recordId), out.resolve(HlsLayout.MASTER), HlsLayout.PLAYLIST_TYPE);
    }

    public ApiHarness.Response put(String user, String path, Object body) {
        try {
            return api.send(api.authorized(user, path).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(ApiHarness.JSON.writeValueAsString(body))).build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out.strip();
    }
}

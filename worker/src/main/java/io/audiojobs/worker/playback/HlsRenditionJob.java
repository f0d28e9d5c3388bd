package io.audiojobs.worker.playback;

import io.audiojobs.shared.jobs.JobWork;
import io.audiojobs.shared.jobs.PermanentJobFailure;
import io.audiojobs.shared.playback.HlsLayout;
import io.audiojobs.shared.playback.MakeHls;
import io.audiojobs.shared.records.OriginalAudio;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordDao;
import io.audiojobs.shared.renditions.Rendition;
import io.audiojobs.shared.renditions.RenditionDao;
import io.audiojobs.shared.renditions.RenditionKind;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.worker.convert.Transcoder;
import io.audiojobs.worker.pipeline.WorkDir;
import org.jdbi.v3.core.Jdbi;
import org.jobrunr.jobs.context.JobContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Makes a record's HLS rendition, apart from the pipeline so that the record's COMPLETED never
 * waits for it and its failure never fails the record. Reads the original upload (the MP3 when the
 * original is gone), encodes every variant, stores segments before the playlists naming them and
 * the master last, then removes objects a previous run left that this one did not write. A record
 * deleted meanwhile gets nothing left behind.
 */
public final class HlsRenditionJob implements JobWork<MakeHls> {
    private static final Logger log = LoggerFactory.getLogger(HlsRenditionJob.class);

    private final Jdbi jdbi;
    private final ObjectStore store;
    private final Transcoder transcoder;
    private final WorkDir workDir;

    public HlsRenditionJob(Jdbi jdbi, ObjectStore store, Transcoder transcoder, WorkDir workDir) {
        this.jdbi = jdbi;
        this.store = store;
        this.transcoder = transcoder;
        this.workDir = workDir;
    }

    @Override
    public void run(MakeHls request, JobContext context) throws Exception {
        long recordId = request.recordId();
        Optional<Record> record = jdbi.withExtension(RecordDao.class, dao -> dao.find(recordId));
        if (record.isEmpty()) {
            removeAll(recordId);
            return;
        }
        try (WorkDir.Scratch dir = workDir.scratch("hls-" + recordId)) {
            Path source = dir.path("source");
            store.download(sourceKey(record.get()), source);
            Path out = Files.createDirectory(dir.path("hls"));
            transcoder.toHls(source, record.get().audioDurationMs() == null ? 0 : record.get().audioDurationMs(), out);
            Stored stored = upload(recordId, out);
            if (!saveRendition(recordId, stored.bytes())) {
                log.info("record {} was deleted while its HLS rendition was made; removing it", recordId);
                removeAll(recordId);
                return;
            }
            removeStale(recordId, stored.keys());
            context.logger().info("HLS of record %d: %d objects, %d bytes".formatted(recordId, stored.keys().size(), stored.bytes()));
        }
    }

    /**
     * The record's own copy of its original if it is still stored (a record may ask for it to go once
     * completed), else the MP3. Never the upload's key: a replayed presigned PUT may have written it again.
     */
    private String sourceKey(Record record) {
        Optional<String> original = Optional.of(OriginalAudio.key(record.id()))
                .filter(key -> store.head(key).isPresent());
        return original.or(() -> jdbi.withExtension(RenditionDao.class, dao -> dao.find(record.id(), RenditionKind.MP3))
                        .map(Rendition::objectKey))
                .orElseThrow(() -> new PermanentJobFailure("record " + record.id() + " has neither its original audio nor an MP3"));
    }

    private record Stored(Set<String> keys, long bytes) {}

    /** Segments first, then variant playlists, the master last: a reader never meets a name that is not stored yet. */
    private Stored upload(long recordId, Path out) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(out)) {
            files = walk.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing((Path p) -> rank(out, p)).thenComparing(Path::toString))
                    .toList();
        }
        Set<String> keys = new HashSet<>();
        long bytes = 0;
        for (Path file : files) {
            String key = HlsLayout.prefix(recordId) + out.relativize(file).toString().replace('\\', '/');
            store.putFile(key, file, HlsLayout.contentTypeOf(key));
            keys.add(key);
            bytes += Files.size(file);
        }
        return new Stored(keys, bytes);
    }

    private static int rank(Path out, Path file) {
        String name = out.relativize(file).toString();
        return name.equals(HlsLayout.MASTER) ? 2 : name.endsWith(".m3u8") ? 1 : 0;
    }

    /** Upserts the rendition row; false when the record is gone (its row, or the foreign key, says so). */
    private boolean saveRendition(long recordId, long size) {
        try {
            return jdbi.withHandle(h -> h.createUpdate("""
                            INSERT INTO renditions (record_id, kind, object_key, content_type, size_bytes)
                            SELECT id, :kind, :key, :type, :size FROM records WHERE id = :recordId
                            ON CONFLICT (record_id, kind) DO UPDATE
                            SET object_key = EXCLUDED.object_key, content_type = EXCLUDED.content_type,
                                size_bytes = EXCLUDED.size_bytes, created_at = now()
                            """)
                    .bind("recordId", recordId).bind("kind", RenditionKind.HLS.name())
                    .bind("key", HlsLayout.masterKey(recordId)).bind("type", HlsLayout.PLAYLIST_TYPE).bind("size", size)
                    .execute()) == 1;
        } catch (RuntimeException e) {
            if (jdbi.withExtension(RecordDao.class, dao -> dao.find(recordId)).isEmpty()) {
                return false; // deleted between the SELECT and the foreign key check
            }
            throw e;
        }
    }

    private void removeStale(long recordId, Set<String> written) {
        for (String key : store.list(HlsLayout.prefix(recordId))) {
            if (!written.contains(key)) {
                store.delete(key);
            }
        }
    }

    private void removeAll(long recordId) {
        store.list(HlsLayout.prefix(recordId)).forEach(store::delete);
    }
}

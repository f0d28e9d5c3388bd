package io.audiojobs.worker.convert;

import io.audiojobs.shared.jobs.PermanentJobFailure;
import io.audiojobs.shared.records.OriginalAudio;
import io.audiojobs.shared.storage.ObjectStore;
import io.audiojobs.shared.uploads.Upload;
import io.audiojobs.shared.uploads.UploadDao;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first thing convert does: fixes the bytes the record was made of (SPEC §7). The upload's
 * object is copied to {@link OriginalAudio#key}, a key no presigned URL names, only while it still
 * has the ETag recorded when the record was made (a server-side conditional copy on S3); then the
 * upload's own object is deleted, since nothing reads it any more. A replacement that landed first
 * fails the record at once. Safe to run again: once sealed, the copy is simply used.
 */
final class OriginalSeal {
    static final String CHANGED = "The upload was changed after the record was made; upload it again.";
    private static final Logger log = LoggerFactory.getLogger(OriginalSeal.class);

    private final Jdbi jdbi;
    private final ObjectStore store;

    OriginalSeal(Jdbi jdbi, ObjectStore store) {
        this.jdbi = jdbi;
        this.store = store;
    }

    /** The key of the record's copy of its upload, made first if need be. */
    String seal(long recordId, Upload upload) {
        String sealed = OriginalAudio.key(recordId);
        if (upload.sealedAt() != null) {
            return sealed;
        }
        // a null ETag: a server-written upload (no URL names it) or one recorded before V9 — copied as it is
        if (!store.copyIfMatch(upload.objectKey(), sealed, upload.etag(), upload.sizeBytes())
                && store.head(sealed).isEmpty()) {
            throw new PermanentJobFailure(CHANGED);
        }
        // (a refused copy beside an existing one: an earlier attempt copied, then died before noting it here;
        // only this class writes that key, and only from the right version)
        if (jdbi.withExtension(UploadDao.class, dao -> dao.markSealed(upload.id())) == 0) {
            store.delete(sealed); // the record was deleted meanwhile, and its objects with it, before this copy existed
            throw new PermanentJobFailure("The record was deleted while it was being processed.");
        }
        deleteQuietly(upload.objectKey());
        return sealed;
    }

    private void deleteQuietly(String key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            log.warn("upload object {} not deleted after sealing ({}); it goes with its record", key, e.getMessage());
        }
    }
}

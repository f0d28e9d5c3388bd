package io.audiojobs.shared.uploads;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Instant;
import java.util.Optional;

/** The uploads table. */
@RegisterRowMapper(UploadMapper.class)
public interface UploadDao extends SqlObject {

    /** A new upload; {@code etag} when its bytes are already stored (a direct upload), else null. */
    @SqlUpdate("""
            INSERT INTO uploads (owner_id, object_key, filename, content_type, size_bytes, sha256, method,
                                 multipart_id, part_size, status, duration_seconds, expires_at, uploaded_at, etag)
            VALUES (:ownerId, :objectKey, :filename, :contentType, :sizeBytes, :sha256, :method,
                    :multipartId, :partSize, :status, :durationSeconds, :expiresAt, :uploadedAt, :etag)
            """)
    @GetGeneratedKeys
    Upload insert(@Bind("ownerId") String ownerId, @Bind("objectKey") String objectKey,
                  @Bind("filename") String filename, @Bind("contentType") String contentType,
                  @Bind("sizeBytes") long sizeBytes, @Bind("sha256") String sha256,
                  @Bind("method") UploadMethod method, @Bind("multipartId") String multipartId,
                  @Bind("partSize") Long partSize, @Bind("status") UploadStatus status,
                  @Bind("durationSeconds") Integer durationSeconds, @Bind("expiresAt") Instant expiresAt,
                  @Bind("uploadedAt") Instant uploadedAt, @Bind("etag") String etag);

    /** {@link #insert} with no ETag known. */
    default Upload insert(String ownerId, String objectKey, String filename, String contentType, long sizeBytes,
                          String sha256, UploadMethod method, String multipartId, Long partSize, UploadStatus status,
                          Integer durationSeconds, Instant expiresAt, Instant uploadedAt) {
        return insert(ownerId, objectKey, filename, contentType, sizeBytes, sha256, method, multipartId, partSize, status,
                durationSeconds, expiresAt, uploadedAt, null);
    }

    /** One upload (fluent: record creation reads it on every call, see {@link io.audiojobs.shared.records.RecordDao}). */
    static Optional<Upload> find(Handle handle, long id) {
        return handle.createQuery("SELECT * FROM uploads WHERE id = :id").bind("id", id).map(new UploadMapper()).findOne();
    }

    default Optional<Upload> find(long id) {
        return find(getHandle(), id);
    }

    /**
     * Marks the bytes as present, in the version with ETag {@code etag}; only a PENDING upload moves, so
     * an EXPIRED one stays expired. An ETag already recorded is kept: the first one checked wins.
     */
    @SqlUpdate("""
            UPDATE uploads SET status = 'UPLOADED', size_bytes = :sizeBytes, uploaded_at = now(), etag = COALESCE(etag, :etag)
            WHERE id = :id AND status = 'PENDING'
            """)
    int markUploaded(@Bind("id") long id, @Bind("sizeBytes") long sizeBytes, @Bind("etag") String etag);

    /** Notes that the record's copy of the bytes exists; 0 when the upload is gone (its record was deleted). */
    @SqlUpdate("UPDATE uploads SET sealed_at = COALESCE(sealed_at, now()) WHERE id = :id")
    int markSealed(@Bind("id") long id);

    /** Uploads that never got a record, older than the cutoff and not expired yet (the orphan cleanup's work). */
    @SqlQuery("""
            SELECT u.* FROM uploads u
            WHERE u.status <> 'EXPIRED' AND u.created_at < :cutoff
              AND NOT EXISTS (SELECT 1 FROM records r WHERE r.upload_id = u.id)
            ORDER BY u.id LIMIT :limit
            """)
    java.util.List<Upload> findOrphans(@Bind("cutoff") Instant cutoff, @Bind("limit") int limit);

    /** Marks an orphan EXPIRED, unless a record claimed it meanwhile; 1 when it expired. */
    @SqlUpdate("""
            UPDATE uploads SET status = 'EXPIRED'
            WHERE id = :id AND status <> 'EXPIRED' AND NOT EXISTS (SELECT 1 FROM records r WHERE r.upload_id = :id)
            """)
    int expireIfOrphan(@Bind("id") long id);

    @SqlUpdate("DELETE FROM uploads WHERE id = :id")
    int delete(@Bind("id") long id);
}

package io.audiojobs.shared.renditions;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.util.List;
import java.util.Optional;

/** The renditions table; a re-run of a step replaces its rendition row. */
@RegisterConstructorMapper(Rendition.class)
public interface RenditionDao {

    @SqlUpdate("""
            INSERT INTO renditions (record_id, kind, object_key, content_type, size_bytes)
            VALUES (:recordId, :kind, :objectKey, :contentType, :sizeBytes)
            ON CONFLICT (record_id, kind) DO UPDATE
            SET object_key = EXCLUDED.object_key, content_type = EXCLUDED.content_type,
                size_bytes = EXCLUDED.size_bytes, created_at = now()
            """)
    void upsert(@Bind("recordId") long recordId, @Bind("kind") RenditionKind kind, @Bind("objectKey") String objectKey,
                @Bind("contentType") String contentType, @Bind("sizeBytes") long sizeBytes);

    @SqlQuery("SELECT * FROM renditions WHERE record_id = :recordId AND kind = :kind")
    Optional<Rendition> find(@Bind("recordId") long recordId, @Bind("kind") RenditionKind kind);

    @SqlQuery("SELECT * FROM renditions WHERE record_id = :recordId ORDER BY kind")
    List<Rendition> list(@Bind("recordId") long recordId);
}

package io.audiojobs.api.apikeys;

import io.audiojobs.shared.db.TransactionLocks;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

import java.util.List;
import java.util.Optional;

/** The api_keys table. Keys are found by the SHA-256 of the whole key; the key itself is never stored. */
@RegisterConstructorMapper(ApiKey.class)
public interface ApiKeyDao extends SqlObject {

    /**
     * Inserts a key unless the owner already has {@code limit} of them; empty then. Concurrent creations
     * of one owner queue on the owner's lock ({@link TransactionLocks}), so they cannot pass the limit together.
     */
    @Transaction
    default Optional<ApiKey> insert(String ownerId, String name, String prefix, byte[] hash, int limit) {
        TransactionLocks.lock(getHandle(), "api-keys:" + ownerId);
        return insertBelow(ownerId, name, prefix, hash, limit);
    }

    @SqlQuery("""
            INSERT INTO api_keys (owner_id, name, prefix, key_hash)
            SELECT :ownerId, :name, :prefix, :hash
            WHERE (SELECT count(*) FROM api_keys WHERE owner_id = :ownerId) < :limit
            RETURNING id, owner_id, name, prefix, created_at, last_used_at
            """)
    Optional<ApiKey> insertBelow(@Bind("ownerId") String ownerId, @Bind("name") String name, @Bind("prefix") String prefix,
                                 @Bind("hash") byte[] hash, @Bind("limit") int limit);

    @SqlQuery("""
            SELECT id, owner_id, name, prefix, created_at, last_used_at FROM api_keys
            WHERE owner_id = :ownerId ORDER BY id
            """)
    List<ApiKey> listByOwner(@Bind("ownerId") String ownerId);

    @SqlUpdate("DELETE FROM api_keys WHERE id = :id AND owner_id = :ownerId")
    int delete(@Bind("id") long id, @Bind("ownerId") String ownerId);
}

package io.audiojobs.shared.webhooks;

import io.audiojobs.shared.records.RecordStatus;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The webhook_deliveries table. Outcomes of attempts never move a DELIVERED row back: a late
 * duplicate run of a delivery job (JobRunr delivers at least once) cannot undo a success.
 */
@RegisterConstructorMapper(WebhookDelivery.class)
public interface WebhookDeliveryDao {

    /**
     * Creates the delivery of {@code status} for the record if the record still exists, has a
     * webhook URL, and has not announced that status before. Returns the rows inserted (0 or 1).
     */
    @SqlUpdate("""
            INSERT INTO webhook_deliveries (id, record_id, status, url)
            SELECT :id, r.id, :status, btrim(r.webhook_url)
            FROM records r
            WHERE r.id = :recordId AND btrim(coalesce(r.webhook_url, '')) <> ''
            ON CONFLICT (record_id, status) DO NOTHING
            """)
    int insertIfAbsent(@Bind("id") UUID id, @Bind("recordId") long recordId, @Bind("status") RecordStatus status);

    @SqlQuery("SELECT * FROM webhook_deliveries WHERE id = :id")
    Optional<WebhookDelivery> find(@Bind("id") UUID id);

    @SqlQuery("SELECT * FROM webhook_deliveries WHERE record_id = :recordId AND status = :status")
    Optional<WebhookDelivery> findFor(@Bind("recordId") long recordId, @Bind("status") RecordStatus status);

    @SqlQuery("SELECT * FROM webhook_deliveries WHERE record_id = :recordId ORDER BY created_at, status")
    List<WebhookDelivery> listFor(@Bind("recordId") long recordId);

    /** The receiver answered 2xx. */
    @SqlUpdate("""
            UPDATE webhook_deliveries
            SET state = 'DELIVERED', attempts = attempts + 1, last_status_code = :statusCode, last_error = NULL,
                last_attempt_at = now(), delivered_at = now()
            WHERE id = :id AND state <> 'DELIVERED'
            """)
    int delivered(@Bind("id") UUID id, @Bind("statusCode") int statusCode);

    /** An attempt failed; {@code state} is PENDING when a retry follows, FAILED after the last one. */
    @SqlUpdate("""
            UPDATE webhook_deliveries
            SET state = :state, attempts = attempts + 1, last_status_code = :statusCode, last_error = :error,
                last_attempt_at = now()
            WHERE id = :id AND state <> 'DELIVERED'
            """)
    int attemptFailed(@Bind("id") UUID id, @Bind("statusCode") Integer statusCode, @Bind("error") String error,
                      @Bind("state") WebhookDeliveryState state);
}

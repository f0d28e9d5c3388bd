package io.audiojobs.api.records;

import io.audiojobs.api.ApiHarness;
import io.audiojobs.shared.records.NewRecord;
import io.audiojobs.shared.records.Record;
import io.audiojobs.shared.records.RecordDao;
import io.audiojobs.shared.uploads.Upload;
import io.audiojobs.shared.uploads.UploadDao;
import io.audiojobs.shared.uploads.UploadMethod;
import io.audiojobs.shared.uploads.UploadStatus;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one statement that creates a record (RecordDao.create) guards the upload itself, so an upload
 * that changed after the API checked it (expired by the cleanup, used by a concurrent request)
 * still gets no record, and a refused call leaves the upload as it was.
 */
class RecordStatementTest {
    private final Jdbi jdbi = ApiHarness.shared().database().jdbi();
    private final String owner = ApiHarness.newUser();

    @Test
    void creates_the_record_with_its_steps_and_marks_a_single_put_uploaded() {
        Upload upload = upload(UploadMethod.PUT, UploadStatus.PENDING);
        Optional<Record> record = create(owner, upload);

        assertThat(record).isPresent();
        assertThat(statusOf(upload)).isEqualTo(UploadStatus.UPLOADED);
        List<String> steps = jdbi.withHandle(h -> h.createQuery("SELECT name FROM processing_steps WHERE record_id = ? ORDER BY position")
                .bind(0, record.get().id()).mapTo(String.class).list());
        assertThat(steps).containsExactly("convert", "transcribe", "analyze");
    }

    @Test
    void binds_the_record_to_the_etag_checked_and_a_losing_second_request_cannot_rebind_it() {
        Upload upload = upload(UploadMethod.PUT, UploadStatus.PENDING);
        NewRecord request = new NewRecord("t", upload.id(), null, null, null, false, null);
        Optional<Record> made = jdbi.withExtension(RecordDao.class, dao -> dao.create(owner, request, UUID.randomUUID(), "\"first\""));
        // a concurrent request that checked the object after a replay of the presigned PUT
        Optional<Record> lost = jdbi.withExtension(RecordDao.class, dao -> dao.create(owner, request, UUID.randomUUID(), "\"replaced\""));

        assertThat(made).isPresent();
        assertThat(lost).isEmpty();

        assertThat(jdbi.withExtension(UploadDao.class, dao -> dao.find(upload.id())).orElseThrow().etag()).isEqualTo("\"first\"");
    }

    @Test
    void refuses_expired_unfinished_multipart_foreign_and_used_uploads_and_changes_nothing() {
        Upload expired = upload(UploadMethod.PUT, UploadStatus.EXPIRED);
        Upload unfinished = upload(UploadMethod.MULTIPART, UploadStatus.PENDING);
        Upload foreign = upload(UploadMethod.PUT, UploadStatus.PENDING);
        Upload used = upload(UploadMethod.DIRECT, UploadStatus.UPLOADED);
        assertThat(create(owner, used)).isPresent();

        assertThat(create(owner, expired)).isEmpty();
        assertThat(create(owner, unfinished)).isEmpty();
        assertThat(create(ApiHarness.newUser(), foreign)).isEmpty();
        assertThat(create(owner, used)).isEmpty();

        assertThat(statusOf(expired)).isEqualTo(UploadStatus.EXPIRED);
        assertThat(statusOf(unfinished)).isEqualTo(UploadStatus.PENDING);
        assertThat(statusOf(foreign)).isEqualTo(UploadStatus.PENDING);
        int records = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM records WHERE owner_id = ?").bind(0, owner)
                .mapTo(Integer.class).one());
        assertThat(records).isEqualTo(1);
    }

    private Optional<Record> create(String user, Upload upload) {
        return jdbi.withExtension(RecordDao.class, dao -> dao.create(user,
                new NewRecord("t", upload.id(), null, null, null, false, null), UUID.randomUUID()));
    }

    private Upload upload(UploadMethod method, UploadStatus status) {
        boolean multipart = method == UploadMethod.MULTIPART;
        return jdbi.withExtension(UploadDao.class, dao -> dao.insert(owner, "uploads/" + UUID.randomUUID() + ".wav", "a.wav",
                "audio/wav", 100, null, method, multipart ? "mp-" + UUID.randomUUID() : null, multipart ? 5L << 20 : null,
                status, null, Instant.now().plusSeconds(600), null));
    }

    private UploadStatus statusOf(Upload upload) {
        return jdbi.withExtension(UploadDao.class, dao -> dao.find(upload.id())).orElseThrow().status();
    }
}

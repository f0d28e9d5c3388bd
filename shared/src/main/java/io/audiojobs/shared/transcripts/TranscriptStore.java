package io.audiojobs.shared.transcripts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * A record's current transcript. Saving replaces the row in one statement, so a reader sees the
 * old transcript or the new one, never a mix; a save from an older run than the stored one is ignored.
 */
public final class TranscriptStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;

    public TranscriptStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void save(long recordId, int run, Transcript transcript) {
        jdbi.useHandle(h -> save(h, recordId, run, transcript));
    }

    public static void save(Handle h, long recordId, int run, Transcript t) {
        h.createUpdate("""
                        INSERT INTO transcripts (record_id, run, text, language, engine, model, segments, words)
                        VALUES (:record, :run, :text, :language, :engine, :model, CAST(:segments AS jsonb), CAST(:words AS jsonb))
                        ON CONFLICT (record_id) DO UPDATE
                        SET run = EXCLUDED.run, text = EXCLUDED.text, language = EXCLUDED.language, engine = EXCLUDED.engine,
                            model = EXCLUDED.model, segments = EXCLUDED.segments, words = EXCLUDED.words, created_at = now()
                        WHERE transcripts.run <= EXCLUDED.run
                        """)
                .bind("record", recordId).bind("run", run).bind("text", t.text()).bind("language", t.language())
                .bind("engine", t.engine()).bind("model", t.model())
                .bind("segments", write(t.segments())).bind("words", write(t.words()))
                .execute();
    }

    public Optional<Transcript> find(long recordId) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT text, language, engine, model, segments::text AS segments, words::text AS words
                        FROM transcripts WHERE record_id = :record""")
                .bind("record", recordId)
                .map((rs, ctx) -> new Transcript(rs.getString("text"), rs.getString("language"), rs.getString("engine"),
                        rs.getString("model"), read(rs.getString("segments"), new TypeReference<List<Transcript.Segment>>() {}),
                        read(rs.getString("words"), new TypeReference<List<Transcript.Word>>() {})))
                .findOne());
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.audiojobs.api.live;

import io.audiojobs.api.ApiHarness;

import java.util.List;
import java.util.Random;
import java.util.UUID;

/** What the live tests read back from PostgreSQL, and the bytes they send as chunks. */
final class LiveTestData {
    private LiveTestData() {}

    static List<Long> storedSequences(ApiHarness api, UUID session) {
        return api.database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT sequence FROM live_chunks WHERE session_id = :s ORDER BY sequence")
                .bind("s", session).mapTo(Long.class).list());
    }

    /** Random bytes, the same for the same length. */
    static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}

package io.audiojobs.shared.records;

/**
 * A record's original audio (SPEC §7: an upload's bytes are fixed once a record is made of it). The
 * upload's own key may be named by a presigned PUT that can still replace it (seed 004's), so the
 * convert step first copies the version the record was made of to a key of the record's own, which
 * no presigned URL names; every reader of the original audio reads that copy, never the upload's key.
 */
public final class OriginalAudio {
    private OriginalAudio() {}

    /** Where the record's copy of its upload is kept. */
    public static String key(long recordId) {
        return "records/" + recordId + "/original";
    }
}

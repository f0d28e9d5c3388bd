package io.audiojobs.shared.storage;

/** A byte range that lies past the end of the object (HTTP 416). */
public final class UnsatisfiableRangeException extends RuntimeException {
    public UnsatisfiableRangeException(String key, String range) {
        super("range " + range + " is not within " + key, null, false, false);
    }
}

package io.audiojobs.shared.storage;

/** A streamed upload went past the size it was allowed; nothing of it was kept. */
public final class ObjectTooLargeException extends RuntimeException {
    public ObjectTooLargeException(long limitBytes) {
        super("the upload is larger than the limit of " + limitBytes + " bytes");
    }
}

package io.audiojobs.shared.storage;

/** The object store could not be reached or answered with a server error; worth retrying later. */
public final class StorageUnavailableException extends RuntimeException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

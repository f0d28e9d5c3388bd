package io.audiojobs.shared.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * An object being read from the store, whole or a byte range of it. The caller closes it.
 *
 * @param length       bytes {@code body} holds
 * @param contentRange the Content-Range of a ranged read ("bytes 0-99/1234"), null for the whole object
 */
public record ObjectRead(InputStream body, long length, String contentRange, String contentType) implements Closeable {
    public boolean isPartial() {
        return contentRange != null;
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}

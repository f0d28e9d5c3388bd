package io.audiojobs.stack;

import io.audiojobs.shared.config.ConfigException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One running `dev` or `infra` per $AUDIOJOBS_HOME: an OS file lock on home/stack.lock, held for
 * the stack's life and released by the OS when its JVM dies, however it dies. While it is held a
 * PostgreSQL running on the home's data directory belongs to a live stack; once it is free, such a
 * server is one left behind by a stack that was killed.
 */
final class HomeLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static HomeLock acquire(Path home) {
        Path file = home.resolve("stack.lock");
        try {
            Files.createDirectories(home);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = Files.readString(file).trim();
                channel.close();
                throw new ConfigException("AUDIOJOBS_HOME " + home + " is in use by another ./audiojobs dev or infra"
                        + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                        + ": stop that one, or give this one a home of its own (AUDIOJOBS_HOME) and ports of its own");
            }
            channel.truncate(0).write(ByteBuffer.wrap(String.valueOf(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
            return new HomeLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this JVM already
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

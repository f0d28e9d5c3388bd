package io.audiojobs.worker.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The worker's scratch space (WORK_DIR): one folder per job run, removed when the job ends. WORK_DIR
 * defaults to the shared system temp directory, so a job's folder has a name no one can guess (a
 * random UUID) and is open to the worker's own user only: uploads are other people's recordings.
 */
public final class WorkDir {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path root;

    public WorkDir(Path root) {
        this.root = root;
    }

    public Scratch scratch(String name) throws IOException {
        Files.createDirectories(root);
        Path dir = root.resolve(name + "-" + UUID.randomUUID());
        if (root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // created with these permissions, not chmod-ed afterwards: no moment in which others may enter
            return new Scratch(Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY)));
        }
        return new Scratch(Files.createDirectory(dir));
    }

    /** A job's own folder; closing it deletes it and everything in it. */
    public static final class Scratch implements AutoCloseable {
        private final Path dir;

        private Scratch(Path dir) {
            this.dir = dir;
        }

        public Path path(String file) {
            return dir.resolve(file);
        }

        @Override
        public void close() {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not clean " + dir, e);
            }
        }
    }
}

package io.audiojobs.worker.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/** The worker's scratch space (WORK_DIR): one folder per job run, removed when the job ends. */
public final class WorkDir {
    private final Path root;

    public WorkDir(Path root) {
        this.root = root;
    }

    public Scratch scratch(String name) throws IOException {
        Files.createDirectories(root);
        return new Scratch(Files.createDirectory(root.resolve(name + "-" + UUID.randomUUID())));
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

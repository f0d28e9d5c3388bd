package io.audiojobs.worker.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Shell scripts that stand in for ffmpeg or ffprobe where the real ones cannot misbehave on cue. */
public final class StandInTools {

    private StandInTools() {}

    /**
     * A tool that answers {@code -version} like {@code name} would, and otherwise never ends and
     * prints nothing (like ffprobe -v quiet stuck on its input): it writes the pid of a child that
     * holds its output open to {@code childPidFile}, then waits for it.
     */
    public static Path hanging(Path dir, String name, Path childPidFile) throws IOException {
        Path script = dir.resolve(name + "-that-hangs");
        Files.writeString(script, """
                #!/bin/sh
                if [ "$1" = "-version" ]; then echo "%s version stand-in"; exit 0; fi
                sleep 600 &
                echo $! > '%s'
                wait
                """.formatted(name, childPidFile.toAbsolutePath()));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}

package io.audiojobs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident set size, as Linux reports it in /proc/PID/status (VmRSS). */
final class ProcessMemory {
    private ProcessMemory() {}

    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the memory of process " + pid, e);
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    /** "243 MiB": how the report prints a memory figure. */
    static String formatMib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024.0));
    }
}

package io.audiojobs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time (user + system) a process has used, from /proc/PID/stat, so the suite can say what each
 * process spent per request. Linux counts it in clock ticks of 1/100 s (USER_HZ, 100 on every
 * mainstream kernel build), which a load of several seconds turns into a usable figure.
 */
final class ProcessCpu {
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessCpu() {}

    static long nanos(long pid) {
        try {
            return ticks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))) * NANOS_PER_TICK;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CPU time of process " + pid, e);
        }
    }

    /** Every PostgreSQL process (postmaster, backends, background workers) on this machine together. */
    static long postgresNanos() {
        long ticks = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    if (stat.contains("(postgres)")) {
                        ticks += ticks(stat);
                    }
                } catch (IOException gone) {
                    // the process ended while we listed them
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list processes", e);
        }
        return ticks * NANOS_PER_TICK;
    }

    /** utime + stime: fields 14 and 15 of stat, counted after the command name, which may hold spaces. */
    static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}

package io.audiojobs.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What the driver measured, as markdown: rows of the main table (figure, measured, SPEC §8 target,
 * met or not) in one file, sections with the detail behind them in another; both echoed.
 */
final class Report {
    private final Path rows;
    private final Path details;

    Report(Path rows, Path details) {
        this.rows = rows;
        this.details = details;
    }

    /** A markdown section of its own (a table of every concurrency level, say). */
    void section(String markdown) {
        System.out.print(markdown);
        append(details, markdown + "\n");
    }

    /** A figure with a target: the verdict is whether {@code met}. */
    void row(String figure, String measured, String target, boolean met) {
        write(figure, measured, target, met ? "met" : "**not met**");
    }

    /** A figure with no target of its own (a floor, a context figure). */
    void row(String figure, String measured) {
        write(figure, measured, "", "");
    }

    private void write(String figure, String measured, String target, String verdict) {
        String line = "| " + figure + " | " + measured + " | " + target + " | " + verdict + " |\n";
        System.out.print(line);
        append(rows, line);
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

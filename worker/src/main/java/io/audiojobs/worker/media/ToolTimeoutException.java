package io.audiojobs.worker.media;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * A media tool ran past its {@link ToolTimeLimit} and was killed. An IOException: the machine may
 * just have been busy, so the step is retried like any transient failure.
 */
public final class ToolTimeoutException extends IOException {

    private static final long serialVersionUID = 1L;

    public ToolTimeoutException(String tool, Duration limit) {
        super(tool + " took longer than its limit of " + seconds(limit) + " and was stopped.");
    }

    private static String seconds(Duration limit) {
        return limit.toSeconds() >= 10
                ? limit.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.1f s", limit.toMillis() / 1000.0);
    }
}

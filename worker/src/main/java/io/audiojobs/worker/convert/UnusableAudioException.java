package io.audiojobs.worker.convert;

import java.util.Locale;

/**
 * The input can never be processed: retrying will not help. {@link #getMessage()} is a reason
 * written for the person who uploaded the file.
 */
public class UnusableAudioException extends Exception {

    private static final long serialVersionUID = 1L;

    public UnusableAudioException(String reason) {
        super(reason);
    }

    public UnusableAudioException(String reason, Throwable cause) {
        super(reason, cause);
    }

    static UnusableAudioException emptyFile() {
        return new UnusableAudioException("The file is empty.");
    }

    static UnusableAudioException notAudio(String toolMessage) {
        return new UnusableAudioException(
                "The file is not audio: ffprobe could not read it" + inParentheses(toolMessage) + ".");
    }

    static UnusableAudioException incompleteContainer(String toolMessage) {
        return new UnusableAudioException(
                "The file is incomplete or truncated: its index is missing, which usually means the upload"
                        + " or the recording was cut off"
                        + inParentheses(toolMessage)
                        + ".");
    }

    static UnusableAudioException noAudioStream(String otherContent) {
        String what = otherContent.isEmpty() ? "" : " (it only contains " + otherContent + ")";
        return new UnusableAudioException("The file contains no audio stream" + what + ".");
    }

    static UnusableAudioException tooLong(long durationMillis, long limitMillis) {
        String duration = roughDuration(durationMillis);
        String limit = roughDuration(limitMillis);
        if (duration.equals(limit)) {
            // "4h 0m long; the limit is 4h 0m" would read as a contradiction
            duration = preciseDuration(durationMillis);
            limit = preciseDuration(limitMillis);
        }
        return new UnusableAudioException(
                "The recording is " + duration + " long; the limit is " + limit + ".");
    }

    static UnusableAudioException longerThanLimit(long limitMillis) {
        return new UnusableAudioException(
                "The recording is longer than the limit of " + roughDuration(limitMillis) + ".");
    }

    static UnusableAudioException truncated(
            long announcedMillis, long presentMillis, String presentVerb, String toolMessage) {
        return new UnusableAudioException(
                String.format(
                        Locale.ROOT,
                        "The file is truncated: its header announces %.1f s of audio but only %.1f s %s%s.",
                        announcedMillis / 1000.0,
                        presentMillis / 1000.0,
                        presentVerb,
                        inParentheses(toolMessage)));
    }

    static UnusableAudioException undecodable(String toolMessage) {
        return new UnusableAudioException(
                "The audio could not be decoded" + inParentheses(toolMessage) + ".");
    }

    static UnusableAudioException nothingDecoded(String toolMessage) {
        return new UnusableAudioException(
                "The file contains no audio that could be decoded" + inParentheses(toolMessage) + ".");
    }

    /** "4h 10m", "12m 5s" or "5.0 s". */
    static String roughDuration(long millis) {
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        long seconds = millis / 1_000 % 60;
        if (hours > 0) {
            return hours + "h " + minutes + "m";
        }
        if (minutes > 0) {
            return minutes + "m " + seconds + "s";
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String preciseDuration(long millis) {
        if (millis < 3_600_000) {
            return roughDuration(millis);
        }
        return roughDuration(millis) + " " + (millis / 1_000 % 60) + "s";
    }

    private static String inParentheses(String toolMessage) {
        return toolMessage == null || toolMessage.isBlank() ? "" : " (" + toolMessage + ")";
    }
}

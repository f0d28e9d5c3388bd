package io.audiojobs.worker.audio;

import java.io.IOException;

/** The input is not a RIFF/WAVE file that can be read; the message says why, in words for people. */
public final class NotWavException extends IOException {

    NotWavException(String reason) {
        super(reason);
    }
}

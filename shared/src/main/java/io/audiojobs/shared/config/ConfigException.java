package io.audiojobs.shared.config;

/** A missing or malformed setting; the message names the environment variable. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}

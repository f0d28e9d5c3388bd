package io.audiojobs.api.live;

import java.util.Optional;

/**
 * The rules for the language and model a session or a retranscription names, the same on the
 * socket and in the REST view: empty when the value is fine (or absent), else what is wrong.
 */
final class LiveFields {
    private LiveFields() {}

    static Optional<String> problem(String language, String model) {
        if (language != null && !language.matches("[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})?")) {
            return Optional.of("language must be a language code like 'en' or 'en-US'.");
        }
        if (model != null && !model.matches("[A-Za-z0-9._:/-]{1,100}")) {
            return Optional.of("model must be a model name (letters, digits, . _ : / -).");
        }
        return Optional.empty();
    }
}

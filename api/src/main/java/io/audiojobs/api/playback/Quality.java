package io.audiojobs.api.playback;

import io.audiojobs.api.http.ApiError;
import io.audiojobs.shared.playback.HlsLayout;

import java.util.Locale;
import java.util.Optional;

/** Which HLS playlist a link opens: the master (the player picks and switches) or one variant. */
public enum Quality {
    AUTO(null),
    LOW(HlsLayout.Variant.LOW),
    HIGH(HlsLayout.Variant.HIGH);

    private final HlsLayout.Variant variant;

    Quality(HlsLayout.Variant variant) {
        this.variant = variant;
    }

    /** The one variant this quality plays, or empty for the master playlist. */
    public Optional<HlsLayout.Variant> variant() {
        return Optional.ofNullable(variant);
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** auto (the default when absent), low or high; anything else is a 400. */
    public static Quality parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        for (Quality quality : values()) {
            if (quality.key().equalsIgnoreCase(value.strip())) {
                return quality;
            }
        }
        throw ApiError.badRequest("VALIDATION_FAILED", "quality must be auto, low or high.");
    }
}

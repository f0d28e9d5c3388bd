package io.audiojobs.shared.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typed reads of environment variables; every error names the variable. */
public final class Env {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|KiB|MB|MiB|GB|GiB|TB|TiB)?", Pattern.CASE_INSENSITIVE);

    private final Map<String, String> values;

    public Env(Map<String, String> values) {
        this.values = values;
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public Optional<String> optional(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new ConfigException(name + " is required but not set"));
    }

    public String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    public int integer(String name, int fallback, int min, int max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, got '" + raw.get() + "'");
        }
    }

    public double decimal(String name, double fallback, double min, double max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        double value;
        try {
            value = Double.parseDouble(raw.get());
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a number (like 0.5), got '" + raw.get() + "'");
        }
        if (!(value >= min && value <= max)) {
            throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + raw.get());
        }
        return value;
    }

    public boolean bool(String name, boolean fallback) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes", "1" -> true;
            case "false", "off", "no", "0" -> false;
            default -> throw new ConfigException(name + " must be on or off, got '" + raw.get() + "'");
        };
    }

    /** Accepts "90s", "10m", "4h", "1d", "250ms", ISO-8601 ("PT10M") or plain seconds. */
    public Duration duration(String name, Duration fallback) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        String text = raw.get();
        if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new ConfigException(name + " is not a duration: '" + text + "'");
            }
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new ConfigException(name + " is not a duration (like 90s, 10m, 4h): '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** Accepts "2GiB", "64MiB", "500MB" or plain bytes. */
    public long bytes(String name, long fallback) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        Matcher m = SIZE.matcher(raw.get());
        if (!m.matches()) {
            throw new ConfigException(name + " is not a size (like 2GiB, 64MiB): '" + raw.get() + "'");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long factor = switch (unit) {
            case "KB" -> 1_000L;
            case "KIB" -> 1L << 10;
            case "MB" -> 1_000_000L;
            case "MIB" -> 1L << 20;
            case "GB" -> 1_000_000_000L;
            case "GIB" -> 1L << 30;
            case "TB" -> 1_000_000_000_000L;
            case "TIB" -> 1L << 40;
            default -> 1L;
        };
        return Math.multiplyExact(amount, factor);
    }
}

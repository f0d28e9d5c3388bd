package io.audiojobs.api.uploads;

/**
 * Client filenames are kept for display only and never used as paths: this keeps the last path
 * segment, drops control and path characters, and bounds the length.
 */
public final class Filenames {
    private Filenames() {}

    public static String displayName(String raw) {
        if (raw == null) {
            return "recording";
        }
        String name = raw.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        name = name.replaceAll("[\\p{Cntrl}]", "").replace("..", "").trim();
        if (name.isEmpty() || name.equals(".")) {
            return "recording";
        }
        return name.length() > 200 ? name.substring(0, 200) : name;
    }
}

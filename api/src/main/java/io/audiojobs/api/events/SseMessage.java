package io.audiojobs.api.events;

/** One thing to write to an event stream: an event (a name and its data), or a comment; {@code last} ends the stream. */
record SseMessage(String event, String data, boolean last) {
    static SseMessage event(String event, String data, boolean last) {
        return new SseMessage(event, data, last);
    }

    /** A comment line (": keep-alive") that keeps proxies from closing an idle stream. */
    static SseMessage comment(String text) {
        return new SseMessage(null, text, false);
    }
}

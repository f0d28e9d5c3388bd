package io.audiojobs.worker.analyze.llm;

/**
 * No usable summary could be had: the provider failed or refused, or its reply did not pass
 * validation. The summary is optional, so the caller records the reason ("summary missing because
 * " + {@link #reason()}) and carries on; this is checked so that no caller forgets to.
 */
public final class SummaryUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;

    public SummaryUnavailableException(String reason) {
        this(reason, null);
    }

    public SummaryUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
        this.reason = reason;
    }

    /** Why, in words fit for a status field, e.g. "the LLM reply is not valid JSON: ...". */
    public String reason() {
        return reason;
    }
}

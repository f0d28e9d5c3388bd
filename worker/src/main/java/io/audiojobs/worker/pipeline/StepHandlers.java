package io.audiojobs.worker.pipeline;

import org.jobrunr.server.JobActivator;

import java.util.Map;

/** Gives JobRunr the worker's implementation of each handler interface the API enqueues against. */
public final class StepHandlers implements JobActivator {
    private final Map<Class<?>, Object> handlers;

    public StepHandlers(Map<Class<?>, Object> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    @Override
    public <T> T activateJob(Class<T> type) {
        Object handler = handlers.get(type);
        if (handler == null) {
            throw new IllegalStateException("no handler registered for " + type.getName());
        }
        return type.cast(handler);
    }
}

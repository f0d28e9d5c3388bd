package io.audiojobs.api.health;

import io.audiojobs.shared.storage.ObjectStore;
import io.javalin.http.Context;
import org.jdbi.v3.core.Jdbi;

import java.util.LinkedHashMap;
import java.util.Map;

/** Liveness (the process answers) and readiness (PostgreSQL and S3 answer). */
public final class HealthController {
    private final Jdbi jdbi;
    private final ObjectStore store;

    public HealthController(Jdbi jdbi, ObjectStore store) {
        this.jdbi = jdbi;
        this.store = store;
    }

    public void live(Context ctx) {
        ctx.json(Map.of("status", "UP"));
    }

    public void ready(Context ctx) {
        boolean database = databaseAnswers();
        boolean storage = store.isReachable();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", database && storage ? "UP" : "DOWN");
        body.put("database", database ? "UP" : "DOWN");
        body.put("storage", storage ? "UP" : "DOWN");
        if (!(database && storage)) {
            ctx.header("Retry-After", "5");
        }
        ctx.status(database && storage ? 200 : 503).json(body);
    }

    private boolean databaseAnswers() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }
}

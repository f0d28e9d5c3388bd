package io.audiojobs.shared.jobs;

import org.jdbi.v3.core.Jdbi;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/** Runs {@link PickupProbe}: one row per probe; a second run of the same probe counts in {@code runs}. */
public final class PickupProbeHandler implements JobRequestHandler<PickupProbe> {
    private final Jdbi jdbi;
    private final String worker;

    public PickupProbeHandler(Jdbi jdbi, String worker) {
        this.jdbi = jdbi;
        this.worker = worker;
    }

    @Override
    public void run(PickupProbe probe) {
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO pickup_probes (probe_id, batch, enqueued_at, worker)
                        VALUES (:id, :batch, to_timestamp(:enqueued / 1000000.0), :worker)
                        ON CONFLICT (probe_id) DO UPDATE SET runs = pickup_probes.runs + 1
                        """)
                .bind("id", probe.probeId())
                .bind("batch", probe.batch())
                .bind("enqueued", probe.enqueuedAtEpochMicros())
                .bind("worker", worker)
                .execute());
    }
}

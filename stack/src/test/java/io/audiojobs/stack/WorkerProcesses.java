package io.audiojobs.stack;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The worker processes a test class starts, stopped for it ({@link WorkerProcess#close()}: SIGTERM,
 * then SIGKILL): after each test, or after all of them when they are started once for the class.
 * Register it with {@code @RegisterExtension}.
 */
public final class WorkerProcesses implements AfterEachCallback, AfterAllCallback {
    private final boolean perTest;
    private final List<WorkerProcess> started = new ArrayList<>();

    private WorkerProcesses(boolean perTest) {
        this.perTest = perTest;
    }

    public static WorkerProcesses stoppedAfterEachTest() {
        return new WorkerProcesses(true);
    }

    public static WorkerProcesses stoppedAfterAllTests() {
        return new WorkerProcesses(false);
    }

    public WorkerProcess add(WorkerProcess worker) {
        started.add(worker);
        return worker;
    }

    public WorkerProcess first() {
        return started.getFirst();
    }

    public Stream<WorkerProcess> stream() {
        return started.stream();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (perTest) {
            stopAll();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stopAll();
    }

    private void stopAll() throws InterruptedException {
        for (WorkerProcess worker : started) {
            worker.close();
        }
        started.clear();
    }
}

package io.audiojobs.stack;

import io.audiojobs.embedded.Infrastructure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A worker node in its own JVM (`audiojobs worker`), with the test's classpath and the given environment. */
public final class WorkerProcess implements AutoCloseable {
    private final Process process;

    private WorkerProcess(Process process) {
        this.process = process;
    }

    public static WorkerProcess start(Map<String, String> env, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Cli.class.getName(), "worker")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new WorkerProcess(builder.start());
    }

    /**
     * A worker on the tests' shared PostgreSQL and S3 ({@link Infrastructure#shared()}) with a work
     * directory of its own, plus the test's settings (they win over the shared ones).
     */
    public static WorkerProcess onSharedInfrastructure(Path workDir, Path log, Map<String, String> settings) throws IOException {
        Map<String, String> env = new HashMap<>(Infrastructure.shared().env());
        env.put("WORK_DIR", workDir.toString());
        env.putAll(settings);
        return start(env, log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: the node dies mid-work, as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }
}

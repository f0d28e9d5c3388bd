package io.audiojobs.bench;

import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * The benchmark's load: a process of its own, apart from the API, worker and floor processes it
 * measures. `bench/run.sh` starts them and then this with one argument, the part to run:
 * <ul>
 *   <li>{@code api}: {@link ApiLoadBench} (BENCH_API_URL, BENCH_FLOOR_URL, BENCH_API_PID, BENCH_FLOOR_PID,
 *       BENCH_STORAGE_PID, BENCH_BIG_FILE)</li>
 *   <li>{@code pipeline}: {@link PipelineBench} (BENCH_API_URL, BENCH_WORKER_PID, BENCH_RECORDING, BENCH_RECORDING_SECONDS)</li>
 *   <li>{@code playback}: {@link PlaybackBench} (BENCH_API_URL, BENCH_API_PID, BENCH_RECORDING, BENCH_RECORDING_SECONDS,
 *       BENCH_LONG_RECORDING and BENCH_LONG_RECORDING_SECONDS (optional), BENCH_LISTENER_RECORDING, BENCH_LISTENER_USERS (200), BENCH_LISTENERS (1000),
 *       BENCH_LISTEN_INTERVAL_SECONDS (5), BENCH_LISTEN_SECONDS (30))</li>
 *   <li>{@code scale}: one run of {@link ScaleBench} (BENCH_API_URL, BENCH_SCALE_PART, BENCH_WORKERS, BENCH_WORKER_THREADS,
 *       BENCH_RECORDING, BENCH_WARMUP_RECORDING (optional), BENCH_SCALE_RESULTS, DATABASE_URL/USER/PASSWORD)</li>
 *   <li>{@code scale-report}: {@link ScaleReport} of the runs in BENCH_SCALE_RESULTS and BENCH_CEILING_RESULTS ({@link VoskCeiling})</li>
 *   <li>{@code openai-latency}: {@link OpenAiLatencyBench} (BENCH_API_URL, BENCH_RECORDING, BENCH_RECORDING_SECONDS, BENCH_OPENAI_WARM_UP, BENCH_OPENAI_AUTH_COST)</li>
 *   <li>{@code openai-capacity}: {@link OpenAiCapacityBench} (BENCH_API_URL, BENCH_API_PID, BENCH_OPENAI_WAITERS
 *       (default 1000), BENCH_OPENAI_WAIT_SECONDS: the API's OPENAI_COMPAT_MAX_WAIT)</li>
 *   <li>{@code live-acks}, {@code live-lag <workers>}, {@code live-long}: {@link LiveBench} (BENCH_API_URL, BENCH_API_PID,
 *       BENCH_LIVE_STREAM, BENCH_LIVE_STREAM_MS; BENCH_LIVE_SESSIONS, BENCH_LIVE_SECONDS, BENCH_LIVE_LAG_SESSIONS,
 *       BENCH_LIVE_LONG_HOURS, BENCH_LIVE_LONG_SPEED)</li>
 * </ul>
 * BENCH_PHASES picks some of the api part's phases: closed, open, status, upload (default all).
 * Every part reads AUTH_JWT_SECRET, AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE (it signs its users' tokens), RUNS (runs of each figure, default 3),
 * and write markdown to BENCH_ROWS (rows of the main table) and BENCH_DETAILS (sections).
 */
public final class LoadDriver {
    private LoadDriver() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        Report report = new Report(Path.of(required(env, "BENCH_ROWS")), Path.of(required(env, "BENCH_DETAILS")));
        int runs = Integer.parseInt(env.getOrDefault("RUNS", "3"));
        AppConfig.Auth auth = AppConfig.Auth.from(new Env(env)); // the users' tokens are signed as the API checks them
        String part = args.length == 0 ? "" : args[0];
        switch (part) {
            case "api" -> new ApiLoadBench(new ApiLoadBench.Settings(required(env, "BENCH_API_URL"),
                    URI.create(required(env, "BENCH_FLOOR_URL")), Long.parseLong(required(env, "BENCH_API_PID")),
                    Long.parseLong(required(env, "BENCH_FLOOR_PID")), Long.parseLong(required(env, "BENCH_STORAGE_PID")),
                    auth, runs,
                    Double.parseDouble(env.getOrDefault("BENCH_OPEN_RATE", "500")),
                    Integer.parseInt(env.getOrDefault("BENCH_OPEN_SECONDS", "5")),
                    Path.of(required(env, "BENCH_BIG_FILE")), Integer.parseInt(env.getOrDefault("BENCH_UPLOAD_RUNS", "3")),
                    java.util.Set.of(env.getOrDefault("BENCH_PHASES", "closed,open,status,upload").split(","))),
                    report).run();
            case "pipeline" -> new PipelineBench(new PipelineBench.Settings(required(env, "BENCH_API_URL"),
                    Long.parseLong(required(env, "BENCH_WORKER_PID")), auth, runs,
                    Path.of(required(env, "BENCH_RECORDING")), Integer.parseInt(required(env, "BENCH_RECORDING_SECONDS"))),
                    report).run();
            case "playback" -> new PlaybackBench(new PlaybackBench.Settings(required(env, "BENCH_API_URL"),
                    Long.parseLong(required(env, "BENCH_API_PID")), auth, runs,
                    Path.of(required(env, "BENCH_RECORDING")), Integer.parseInt(required(env, "BENCH_RECORDING_SECONDS")),
                    java.util.Optional.ofNullable(env.get("BENCH_LONG_RECORDING")).filter(v -> !v.isBlank()).map(Path::of),
                    Integer.parseInt(env.getOrDefault("BENCH_LONG_RECORDING_SECONDS", "0")),
                    Path.of(required(env, "BENCH_LISTENER_RECORDING")),
                    Integer.parseInt(env.getOrDefault("BENCH_LISTENER_USERS", "200")),
                    Integer.parseInt(env.getOrDefault("BENCH_LISTENERS", "1000")),
                    java.time.Duration.ofSeconds(Long.parseLong(env.getOrDefault("BENCH_LISTEN_INTERVAL_SECONDS", "5"))),
                    java.time.Duration.ofSeconds(Long.parseLong(env.getOrDefault("BENCH_LISTEN_SECONDS", "30")))),
                    report).run();
            case "scale" -> new ScaleBench(new ScaleBench.Settings(required(env, "BENCH_API_URL"), auth,
                    required(env, "BENCH_SCALE_PART"), Integer.parseInt(required(env, "BENCH_WORKERS")),
                    Integer.parseInt(required(env, "BENCH_WORKER_THREADS")), Path.of(required(env, "BENCH_RECORDING")),
                    java.util.Optional.ofNullable(env.get("BENCH_WARMUP_RECORDING")).filter(v -> !v.isBlank()).map(Path::of),
                    Path.of(required(env, "BENCH_SCALE_RESULTS")),
                    new TimelineReader(required(env, "DATABASE_URL"), env.getOrDefault("DATABASE_USER", "postgres"),
                            env.getOrDefault("DATABASE_PASSWORD", "")))).run();
            case "scale-report" -> new ScaleReport(new ScaleRuns(ScaleRun.readAll(Path.of(required(env, "BENCH_SCALE_RESULTS")))),
                    VoskCeiling.readAll(Path.of(required(env, "BENCH_CEILING_RESULTS"))), report).write();
            case "openai-latency" -> new OpenAiLatencyBench(new OpenAiLatencyBench.Settings(required(env, "BENCH_API_URL"),
                    auth, runs, Path.of(required(env, "BENCH_RECORDING")),
                    Integer.parseInt(required(env, "BENCH_RECORDING_SECONDS")),
                    !"false".equals(env.get("BENCH_OPENAI_WARM_UP")), !"false".equals(env.get("BENCH_OPENAI_AUTH_COST"))), report).run();
            case "openai-capacity" -> new OpenAiCapacityBench(new OpenAiCapacityBench.Settings(required(env, "BENCH_API_URL"),
                    Long.parseLong(required(env, "BENCH_API_PID")), auth,
                    Integer.parseInt(env.getOrDefault("BENCH_OPENAI_WAITERS", "1000")),
                    java.time.Duration.ofSeconds(Long.parseLong(required(env, "BENCH_OPENAI_WAIT_SECONDS"))),
                    Integer.parseInt(env.getOrDefault("BENCH_OPENAI_UPLOADS_IN_FLIGHT", "16"))), report).run();
            case "live-acks" -> live(env, auth, report).acks();
            case "live-lag" -> live(env, auth, report).lag(args.length > 1 ? args[1] : "one worker");
            case "live-long" -> live(env, auth, report).longSession();
            default -> {
                System.err.println("usage: LoadDriver api | pipeline | playback | scale | scale-report | openai-latency | openai-capacity | live-acks | live-lag | live-long   (environment: see the class comment)");
                System.exit(2);
            }
        }
    }

    private static LiveBench live(Map<String, String> env, AppConfig.Auth auth, Report report) throws Exception {
        URI live = URI.create(required(env, "BENCH_API_URL").replaceFirst("^http", "ws") + "/api/v1/live");
        return new LiveBench(new LiveBench.Settings(live, Long.parseLong(required(env, "BENCH_API_PID")),
                auth, Path.of(required(env, "BENCH_LIVE_STREAM")),
                Long.parseLong(required(env, "BENCH_LIVE_STREAM_MS")),
                Integer.parseInt(env.getOrDefault("BENCH_LIVE_SESSIONS", "100")),
                Integer.parseInt(env.getOrDefault("BENCH_LIVE_SECONDS", "30")),
                Integer.parseInt(env.getOrDefault("BENCH_LIVE_LAG_SESSIONS", "2")),
                Double.parseDouble(env.getOrDefault("BENCH_LIVE_LONG_HOURS", "4")),
                Integer.parseInt(env.getOrDefault("BENCH_LIVE_LONG_SPEED", "20"))), report);
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value;
    }
}

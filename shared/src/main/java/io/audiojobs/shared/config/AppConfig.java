package io.audiojobs.shared.config;

import io.audiojobs.shared.webhooks.WebhookTargets;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Every setting of every process, read once from the environment at start. Nothing deeper reads
 * environment variables. Values a role needs but another does not are checked by that role
 * ({@link Auth#requireConfigured()}, {@link Dashboard#requireCredentials()}).
 */
public record AppConfig(
        Database database,
        S3 s3,
        Auth auth,
        Worker worker,
        Retry retry,
        Limits limits,
        Dashboard dashboard,
        Tools tools,
        Stt stt,
        Webhooks webhooks,
        int apiPort,
        Playback playback,
        OpenAiCompat openaiCompat,
        Live live) {

    /** Ports when API_PORT and DASHBOARD_PORT are unset (the dev stack checks them before it starts). */
    public static final int DEFAULT_API_PORT = 8080;
    public static final int DEFAULT_DASHBOARD_PORT = 8000;

    public record Database(String url, String user, String password, int poolSize) {}

    public record S3(URI endpoint, URI publicEndpoint, String region, String bucket, String accessKey, String secretKey) {}

    /**
     * How bearer tokens are verified: HS256 with {@code jwtSecret}, or keys from {@code jwksUrl}. A
     * token must name {@code issuer} and {@code audience} when they are set, and they must be set
     * with a JWKS (an identity provider signs tokens for other applications too). {@code clockSkew}
     * is the leeway on exp and nbf; {@code jwksTtl} bounds how long a key withdrawn from the JWKS
     * is still accepted.
     */
    public record Auth(Optional<String> jwtSecret, Optional<URI> jwksUrl, Optional<String> issuer, Optional<String> audience,
                       Duration clockSkew, Duration jwksTtl) {
        private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

        /** AUTH_* from the environment; {@link #requireConfigured()} checks them for the API. */
        public static Auth from(Env env) {
            Duration skew = env.duration("AUTH_CLOCK_SKEW", Duration.ofSeconds(30));
            if (skew.compareTo(MAX_CLOCK_SKEW) > 0) {
                throw new ConfigException("AUTH_CLOCK_SKEW must be at most 5m, got " + skew.toSeconds() + "s");
            }
            Duration jwksTtl = env.duration("AUTH_JWKS_TTL", Duration.ofMinutes(1));
            if (jwksTtl.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new ConfigException("AUTH_JWKS_TTL must be at least 1s");
            }
            return new Auth(env.optional("AUTH_JWT_SECRET"), env.optional("AUTH_JWKS_URL").map(v -> uri(env, "AUTH_JWKS_URL", v)),
                    env.optional("AUTH_JWT_ISSUER"), env.optional("AUTH_JWT_AUDIENCE"), skew, jwksTtl);
        }

        public void requireConfigured() {
            if (jwtSecret.isEmpty() && jwksUrl.isEmpty()) {
                throw new ConfigException("AUTH_JWT_SECRET or AUTH_JWKS_URL is required to run the API");
            }
            jwtSecret.filter(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32).ifPresent(s -> {
                throw new ConfigException("AUTH_JWT_SECRET must be at least 32 bytes (HS256)");
            });
            if (jwtSecret.isEmpty() && issuer.isEmpty()) {
                throw new ConfigException("AUTH_JWT_ISSUER is required with AUTH_JWKS_URL (the issuer whose tokens are accepted)");
            }
            if (jwtSecret.isEmpty() && audience.isEmpty()) {
                throw new ConfigException("AUTH_JWT_AUDIENCE is required with AUTH_JWKS_URL (the audience tokens must name)");
            }
        }
    }

    /**
     * Worker threads, JobRunr's poll interval (JobRunr accepts 5 s at least on SQL storage), and
     * whether PostgreSQL NOTIFY wakes the node when a job is enqueued (JOB_WAKEUP, on by default), and
     * how long a stopping node lets running jobs finish before it interrupts them (SHUTDOWN_GRACE), and
     * the port of its Prometheus /metrics (WORKER_METRICS_PORT, 0 = none).
     */
    public record Worker(int threads, int pollSeconds, boolean wakeUp, Duration shutdownGrace, int metricsPort) {}

    /** RETRY_ATTEMPTS counts every run of a step, the first included (as Bull's "attempts" does). */
    public record Retry(int attempts, int baseSeconds) {
        public int retriesAfterFirst() {
            return attempts - 1;
        }
    }

    /**
     * @param directUploadsAtOnce direct uploads one API node streams at once; 0 = as many as half its heap allows
     * @param eventStreamsPerUser event streams (SSE, WebSockets) one user may hold open on one API node
     * @param eventStreamsPerNode event streams one API node holds open in all
     */
    public record Limits(long maxUploadBytes, Duration maxDuration, Duration orphanUploadTtl, Duration cleanupInterval,
                         Duration presignTtl, long multipartThresholdBytes, long multipartPartBytes, int writesPerMinute,
                         int directUploadsAtOnce, int eventStreamsPerUser, int eventStreamsPerNode) {}

    public record Dashboard(Optional<String> user, Optional<String> password, int port) {
        public void requireCredentials() {
            if (user.isEmpty() || password.isEmpty()) {
                throw new ConfigException("DASHBOARD_USER and DASHBOARD_PASSWORD are required to run the dashboard");
            }
        }
    }

    /**
     * The media programs and their scratch space. Each ffmpeg/ffprobe run may take {@code
     * minTimeout} plus {@code timeoutFactor} times the length of the audio it works on before it is
     * killed (MEDIA_TOOL_MIN_TIMEOUT, MEDIA_TOOL_TIMEOUT_FACTOR).
     */
    public record Tools(String ffmpeg, String ffprobe, Path workDir, Duration minTimeout, double timeoutFactor) {}

    /**
     * Speech-to-text and the optional LLM summary. {@code engine} is the default engine (vosk or
     * openai); a retranscribe may ask for the other one. Recordings longer than their engine's chunk
     * length are cut at pauses and transcribed in parallel, chunk by chunk.
     */
    public record Stt(String engine, Path voskModelPath, Optional<URI> openaiBaseUrl, String openaiApiKey,
                      String sttModel, java.util.Set<String> openaiModels, Optional<String> llmModel, Duration openaiTimeout,
                      Duration voskChunk, Duration openaiChunk) {
        public static final java.util.Set<String> ENGINES = java.util.Set.of("vosk", "openai");

        public Duration chunkLength(String engineName) {
            return "openai".equals(engineName) ? openaiChunk : voskChunk;
        }
    }

    /**
     * Signed webhooks: the HMAC secret (workers sign, receivers verify) and how many deliveries are
     * tried in all. Without WEBHOOK_SECRET, records asking for a webhook are refused. Receivers in
     * loopback, private or link-local networks are refused unless allowPrivateNetworks
     * ({@link WebhookTargets}).
     */
    public record Webhooks(Optional<String> secret, int attempts, boolean allowPrivateNetworks) {
        public WebhookTargets targets() {
            return new WebhookTargets(allowPrivateNetworks);
        }
    }

    /**
     * Playback links (HLS served through the API under a signed token): the HMAC key is
     * PLAYBACK_URL_SECRET, or one derived from AUTH_JWT_SECRET when unset (every API node must have
     * the same); a link lives PLAYBACK_URL_TTL plus the recording's length. API_PUBLIC_URL, when set, is
     * the address players reach the API at, and links are made with it alone; unset, they follow the
     * request's Host and X-Forwarded-* headers (what a client sends: right for direct access and dev).
     */
    public record Playback(Optional<String> urlSecret, Duration urlTtl, Optional<URI> publicUrl) {}

    /**
     * The OpenAI-compatible transcription API ({@code /v1/audio/transcriptions}): how long a request
     * waits for its record's transcript before it answers with the record's id instead
     * (OPENAI_COMPAT_MAX_WAIT), and the model id the local Vosk model is listed under (VOSK_MODEL_ID).
     */
    public record OpenAiCompat(Duration maxWait, String voskModelId) {}

    /**
     * Live recording over the WebSocket (SPEC §6). Per connection: a chunk's audio may have at most
     * maxChunkBytes (LIVE_MAX_CHUNK_BYTES), and at most chunksPerSecond (LIVE_MAX_CHUNKS_PER_SECOND, with
     * bursts of three seconds' worth for resends) are taken; a user records at most sessionsPerUser
     * sessions at once (LIVE_MAX_SESSIONS_PER_USER). A session that gets no chunk for idleTimeout
     * (LIVE_IDLE_TIMEOUT) is stopped; a stopped session with missing chunks waits gapGrace
     * (LIVE_GAP_GRACE) for resends before it is assembled without them. A worker node decodes at most
     * sessionsPerWorker (LIVE_SESSIONS_PER_WORKER) sessions at once, outside JobRunr's worker threads.
     */
    public record Live(Duration idleTimeout, int maxChunkBytes, int chunksPerSecond, int sessionsPerUser,
                       Duration gapGrace, int sessionsPerWorker) {}

    public static AppConfig from(Env env) {
        URI endpoint = uri(env, "S3_ENDPOINT", env.required("S3_ENDPOINT"));
        Limits limits = new Limits(
                env.bytes("MAX_UPLOAD_BYTES", 2L << 30),
                env.duration("MAX_DURATION", Duration.ofHours(4)),
                env.duration("ORPHAN_UPLOAD_TTL", Duration.ofMinutes(10)),
                env.duration("CLEANUP_INTERVAL", Duration.ofMinutes(5)),
                env.duration("PRESIGN_TTL", Duration.ofMinutes(15)),
                env.bytes("MULTIPART_THRESHOLD_BYTES", 64L << 20),
                env.bytes("MULTIPART_PART_BYTES", 16L << 20),
                env.integer("RATE_LIMIT_WRITES_PER_MINUTE", 600, 0, 1_000_000),
                env.integer("MAX_CONCURRENT_DIRECT_UPLOADS", 0, 0, 10_000),
                env.integer("EVENT_STREAMS_PER_USER", 20, 1, 10_000),
                env.integer("EVENT_STREAMS_PER_NODE", 10_000, 1, 1_000_000));
        if (limits.multipartPartBytes() < (5L << 20)) {
            throw new ConfigException("MULTIPART_PART_BYTES must be at least 5MiB (the S3 minimum part size)");
        }
        return new AppConfig(
                new Database(env.required("DATABASE_URL"), env.string("DATABASE_USER", "postgres"),
                        env.string("DATABASE_PASSWORD", ""), env.integer("DATABASE_POOL_SIZE", 10, 1, 200)),
                new S3(endpoint,
                        env.optional("S3_PUBLIC_ENDPOINT").map(v -> uri(env, "S3_PUBLIC_ENDPOINT", v)).orElse(endpoint),
                        env.string("S3_REGION", "us-east-1"), env.required("S3_BUCKET"),
                        env.required("S3_ACCESS_KEY"), env.required("S3_SECRET_KEY")),
                Auth.from(env),
                new Worker(env.integer("WORKER_THREADS", 4, 1, 256), env.integer("JOB_POLL_SECONDS", 5, 5, 3600),
                        env.bool("JOB_WAKEUP", true), env.duration("SHUTDOWN_GRACE", Duration.ofSeconds(30)),
                        env.integer("WORKER_METRICS_PORT", 0, 0, 65535)),
                new Retry(env.integer("RETRY_ATTEMPTS", 3, 1, 20), env.integer("RETRY_BASE_SECONDS", 5, 1, 3600)),
                limits,
                new Dashboard(env.optional("DASHBOARD_USER"), env.optional("DASHBOARD_PASSWORD"),
                        env.integer("DASHBOARD_PORT", DEFAULT_DASHBOARD_PORT, 0, 65535)),
                new Tools(env.string("FFMPEG_PATH", "ffmpeg"), env.string("FFPROBE_PATH", "ffprobe"),
                        Path.of(env.string("WORK_DIR", System.getProperty("java.io.tmpdir"))),
                        positive("MEDIA_TOOL_MIN_TIMEOUT", env.duration("MEDIA_TOOL_MIN_TIMEOUT", Duration.ofMinutes(1))),
                        env.decimal("MEDIA_TOOL_TIMEOUT_FACTOR", 0.5, 0, 100)),
                stt(env),
                new Webhooks(env.optional("WEBHOOK_SECRET"), env.integer("WEBHOOK_ATTEMPTS", 8, 1, 30),
                        env.bool("WEBHOOK_ALLOW_PRIVATE_NETWORKS", false)),
                env.integer("API_PORT", DEFAULT_API_PORT, 0, 65535),
                playback(env),
                openaiCompat(env),
                new Live(env.duration("LIVE_IDLE_TIMEOUT", Duration.ofMinutes(2)),
                        liveChunkBytes(env),
                        env.integer("LIVE_MAX_CHUNKS_PER_SECOND", 10, 1, 1000),
                        env.integer("LIVE_MAX_SESSIONS_PER_USER", 3, 1, 1000),
                        env.duration("LIVE_GAP_GRACE", Duration.ofSeconds(10)),
                        env.integer("LIVE_SESSIONS_PER_WORKER", 8, 0, 1000)));
    }

    private static int liveChunkBytes(Env env) {
        long bytes = env.bytes("LIVE_MAX_CHUNK_BYTES", 512L << 10);
        if (bytes < 1024 || bytes > (16L << 20)) {
            throw new ConfigException("LIVE_MAX_CHUNK_BYTES must be between 1KiB and 16MiB, got " + bytes);
        }
        return (int) bytes;
    }

    private static Playback playback(Env env) {
        Optional<String> secret = env.optional("PLAYBACK_URL_SECRET");
        secret.filter(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32).ifPresent(s -> {
            throw new ConfigException("PLAYBACK_URL_SECRET must be at least 32 bytes");
        });
        Duration ttl = env.duration("PLAYBACK_URL_TTL", Duration.ofMinutes(15));
        if (ttl.isNegative() || ttl.isZero()) {
            throw new ConfigException("PLAYBACK_URL_TTL must be positive");
        }
        Optional<URI> publicUrl = env.optional("API_PUBLIC_URL").map(v -> uri(env, "API_PUBLIC_URL", v.replaceAll("/+$", "")));
        return new Playback(secret, ttl, publicUrl);
    }

    private static Stt stt(Env env) {
        String engine = env.string("STT_ENGINE", "vosk").toLowerCase(java.util.Locale.ROOT);
        if (!Stt.ENGINES.contains(engine)) {
            throw new ConfigException("STT_ENGINE must be vosk or openai, got '" + engine + "'");
        }
        Optional<URI> openaiBaseUrl = env.optional("OPENAI_BASE_URL").map(v -> uri(env, "OPENAI_BASE_URL", v));
        if (engine.equals("openai") && openaiBaseUrl.isEmpty()) {
            throw new ConfigException("OPENAI_BASE_URL is required when STT_ENGINE=openai");
        }
        Optional<String> llmModel = env.optional("LLM_MODEL");
        if (llmModel.isPresent() && openaiBaseUrl.isEmpty()) {
            throw new ConfigException("OPENAI_BASE_URL is required when LLM_MODEL is set");
        }
        Duration voskChunk = env.duration("STT_CHUNK_VOSK", Duration.ofSeconds(60));
        Duration openaiChunk = env.duration("STT_CHUNK_OPENAI", Duration.ofMinutes(10));
        if (openaiChunk.compareTo(Duration.ofMinutes(13)) > 0) {
            // 16 kHz mono 16-bit WAV is 32 kB/s: 13 minutes is the most that stays under OpenAI's 25 MB upload limit
            throw new ConfigException("STT_CHUNK_OPENAI must be at most 13m (OpenAI's 25 MB upload limit)");
        }
        String sttModel = env.string("STT_MODEL", "whisper-1");
        java.util.Set<String> openaiModels = new java.util.LinkedHashSet<>();
        openaiModels.add(sttModel);
        env.optional("STT_MODELS_OPENAI").ifPresent(list -> java.util.Arrays.stream(list.split(","))
                .map(String::strip).filter(m -> !m.isEmpty()).forEach(openaiModels::add));
        return new Stt(engine,
                Path.of(env.string("VOSK_MODEL_PATH", "worker/target/vosk-model/model-en-us")),
                openaiBaseUrl,
                env.string("OPENAI_API_KEY", ""),
                sttModel,
                java.util.Collections.unmodifiableSet(openaiModels),
                llmModel,
                env.duration("OPENAI_TIMEOUT", Duration.ofMinutes(2)),
                voskChunk,
                openaiChunk);
    }

    private static OpenAiCompat openaiCompat(Env env) {
        Duration maxWait = env.duration("OPENAI_COMPAT_MAX_WAIT", Duration.ofMinutes(5));
        if (maxWait.isNegative() || maxWait.isZero() || maxWait.compareTo(Duration.ofHours(1)) > 0) {
            throw new ConfigException("OPENAI_COMPAT_MAX_WAIT must be between 1ms and 1h, got " + maxWait);
        }
        String voskModelId = env.string("VOSK_MODEL_ID", "vosk-small-en-us");
        if (!voskModelId.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")) {
            throw new ConfigException("VOSK_MODEL_ID must be 1-100 letters, digits, '.', '_', ':' or '-', got '" + voskModelId + "'");
        }
        return new OpenAiCompat(maxWait, voskModelId);
    }

    private static Duration positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new ConfigException(name + " must be longer than zero");
        }
        return value;
    }

    private static URI uri(Env env, String name, String value) {
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + " must be an absolute URL, got '" + value + "'");
        }
    }
}

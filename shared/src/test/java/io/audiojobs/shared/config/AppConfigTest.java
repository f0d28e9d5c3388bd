package io.audiojobs.shared.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppConfigTest {
    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", "jdbc:postgresql://db/audiojobs");
        env.put("S3_ENDPOINT", "http://minio:9000");
        env.put("S3_BUCKET", "audio");
        env.put("S3_ACCESS_KEY", "a");
        env.put("S3_SECRET_KEY", "b");
        return env;
    }

    @Test
    void defaults_follow_the_spec() {
        AppConfig config = AppConfig.from(new Env(minimal()));
        assertThat(config.retry().attempts()).isEqualTo(3);
        assertThat(config.retry().baseSeconds()).isEqualTo(5);
        assertThat(config.limits().orphanUploadTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.limits().maxUploadBytes()).isEqualTo(2L << 30);
        assertThat(config.limits().maxDuration()).isEqualTo(Duration.ofHours(4));
        assertThat(config.s3().publicEndpoint()).isEqualTo(config.s3().endpoint());
        assertThat(config.limits().eventStreamsPerUser()).isEqualTo(20);
        assertThat(config.limits().eventStreamsPerNode()).isEqualTo(10_000);
    }

    @Test
    void event_stream_limits_are_read_from_the_environment_and_must_be_positive() {
        Map<String, String> env = minimal();
        env.put("EVENT_STREAMS_PER_USER", "3");
        env.put("EVENT_STREAMS_PER_NODE", "500");
        AppConfig config = AppConfig.from(new Env(env));
        assertThat(config.limits().eventStreamsPerUser()).isEqualTo(3);
        assertThat(config.limits().eventStreamsPerNode()).isEqualTo(500);

        for (String name : new String[] {"EVENT_STREAMS_PER_USER", "EVENT_STREAMS_PER_NODE"}) {
            Map<String, String> bad = minimal();
            bad.put(name, "0");
            assertThatThrownBy(() -> AppConfig.from(new Env(bad))).as(name)
                    .isInstanceOf(ConfigException.class).hasMessageContaining(name);
        }
    }

    @Test
    void playback_links_live_fifteen_minutes_and_their_own_secret_is_optional_but_long() {
        AppConfig defaults = AppConfig.from(new Env(minimal()));
        assertThat(defaults.playback().urlTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(defaults.playback().urlSecret()).isEmpty();

        Map<String, String> env = minimal();
        env.put("PLAYBACK_URL_TTL", "5m");
        env.put("PLAYBACK_URL_SECRET", "x".repeat(32));
        AppConfig config = AppConfig.from(new Env(env));
        assertThat(config.playback().urlTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.playback().urlSecret()).contains("x".repeat(32));

        Map<String, String> shortSecret = minimal();
        shortSecret.put("PLAYBACK_URL_SECRET", "x".repeat(31));
        assertThatThrownBy(() -> AppConfig.from(new Env(shortSecret)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PLAYBACK_URL_SECRET");
        Map<String, String> zeroTtl = minimal();
        zeroTtl.put("PLAYBACK_URL_TTL", "0s");
        assertThatThrownBy(() -> AppConfig.from(new Env(zeroTtl)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PLAYBACK_URL_TTL");
    }

    @Test
    void media_tools_get_a_minute_plus_half_the_audio_length_unless_configured() {
        AppConfig defaults = AppConfig.from(new Env(minimal()));
        assertThat(defaults.tools().minTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.tools().timeoutFactor()).isEqualTo(0.5);

        Map<String, String> env = minimal();
        env.put("MEDIA_TOOL_MIN_TIMEOUT", "90s");
        env.put("MEDIA_TOOL_TIMEOUT_FACTOR", "2.5");
        AppConfig configured = AppConfig.from(new Env(env));
        assertThat(configured.tools().minTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(configured.tools().timeoutFactor()).isEqualTo(2.5);
    }

    @Test
    void media_tool_time_limits_that_would_stop_every_run_or_none_are_refused() {
        for (var bad : Map.of("MEDIA_TOOL_MIN_TIMEOUT", "0s", "MEDIA_TOOL_TIMEOUT_FACTOR", "-1").entrySet()) {
            Map<String, String> env = minimal();
            env.put(bad.getKey(), bad.getValue());
            assertThatThrownBy(() -> AppConfig.from(new Env(env))).as(bad.getKey())
                    .isInstanceOf(ConfigException.class).hasMessageContaining(bad.getKey());
        }
    }

    @Test
    void a_missing_required_value_names_the_variable() {
        Map<String, String> env = minimal();
        env.remove("S3_BUCKET");
        assertThatThrownBy(() -> AppConfig.from(new Env(env))).isInstanceOf(ConfigException.class).hasMessageContaining("S3_BUCKET");
    }

    @Test
    void malformed_values_name_the_variable() {
        for (var bad : Map.of("JOB_POLL_SECONDS", "2", "RETRY_ATTEMPTS", "three", "MAX_UPLOAD_BYTES", "lots",
                "ORPHAN_UPLOAD_TTL", "soon", "S3_ENDPOINT", "not a url", "MEDIA_TOOL_MIN_TIMEOUT", "a while",
                "MEDIA_TOOL_TIMEOUT_FACTOR", "half").entrySet()) {
            Map<String, String> env = minimal();
            env.put(bad.getKey(), bad.getValue());
            assertThatThrownBy(() -> AppConfig.from(new Env(env))).as(bad.getKey())
                    .isInstanceOf(ConfigException.class).hasMessageContaining(bad.getKey());
        }
    }

    @Test
    void sizes_and_durations_read_human_units() {
        Env env = new Env(Map.of("A", "64MiB", "B", "90s", "C", "4h", "D", "PT10M", "E", "1500"));
        assertThat(env.bytes("A", 0)).isEqualTo(64L << 20);
        assertThat(env.duration("B", null)).isEqualTo(Duration.ofSeconds(90));
        assertThat(env.duration("C", null)).isEqualTo(Duration.ofHours(4));
        assertThat(env.duration("D", null)).isEqualTo(Duration.ofMinutes(10));
        assertThat(env.bytes("E", 0)).isEqualTo(1500);
    }

    @Test
    void live_recording_settings_have_the_specs_defaults_and_name_a_bad_value() {
        AppConfig.Live live = AppConfig.from(new Env(minimal())).live();
        assertThat(live.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(live.maxChunkBytes()).isEqualTo(512 << 10);
        assertThat(live.chunksPerSecond()).isEqualTo(10);
        assertThat(live.sessionsPerUser()).isEqualTo(3);
        assertThat(live.gapGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(live.sessionsPerWorker()).isEqualTo(8);
        for (var bad : Map.of("LIVE_IDLE_TIMEOUT", "later", "LIVE_MAX_CHUNK_BYTES", "100", "LIVE_MAX_CHUNKS_PER_SECOND", "0",
                "LIVE_MAX_SESSIONS_PER_USER", "none", "LIVE_SESSIONS_PER_WORKER", "-1").entrySet()) {
            Map<String, String> env = minimal();
            env.put(bad.getKey(), bad.getValue());
            assertThatThrownBy(() -> AppConfig.from(new Env(env))).as(bad.getKey())
                    .isInstanceOf(ConfigException.class).hasMessageContaining(bad.getKey());
        }
    }

    @Test
    void roles_check_what_only_they_need() {
        AppConfig config = AppConfig.from(new Env(minimal()));
        assertThatThrownBy(() -> config.auth().requireConfigured()).hasMessageContaining("AUTH_JWT_SECRET");
        assertThatThrownBy(() -> config.dashboard().requireCredentials()).hasMessageContaining("DASHBOARD_PASSWORD");
    }

    @Test
    void an_external_jwks_needs_the_issuer_and_the_audience_to_check() {
        Map<String, String> env = minimal();
        env.put("AUTH_JWKS_URL", "https://idp.example/.well-known/jwks.json");
        assertThatThrownBy(() -> AppConfig.from(new Env(env)).auth().requireConfigured())
                .isInstanceOf(ConfigException.class).hasMessageContaining("AUTH_JWT_ISSUER");
        env.put("AUTH_JWT_ISSUER", "https://idp.example/");
        assertThatThrownBy(() -> AppConfig.from(new Env(env)).auth().requireConfigured())
                .isInstanceOf(ConfigException.class).hasMessageContaining("AUTH_JWT_AUDIENCE");
        env.put("AUTH_JWT_AUDIENCE", "audiojobs");
        AppConfig.from(new Env(env)).auth().requireConfigured();
    }

    @Test
    void the_shared_secret_alone_is_enough_and_the_clock_skew_is_small() {
        Map<String, String> env = minimal();
        env.put("AUTH_JWT_SECRET", "x".repeat(32));
        AppConfig config = AppConfig.from(new Env(env));
        config.auth().requireConfigured();
        assertThat(config.auth().clockSkew()).isEqualTo(Duration.ofSeconds(30));
        env.put("AUTH_CLOCK_SKEW", "an hour");
        assertThatThrownBy(() -> AppConfig.from(new Env(env))).hasMessageContaining("AUTH_CLOCK_SKEW");
    }
}

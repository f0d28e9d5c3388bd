package io.audiojobs.stack;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production-like deployment (docker-compose.yml: PostgreSQL, MinIO, API, 3 workers,
 * dashboard) started for real. It needs a Docker engine: where there is none (this project's CI
 * machine) JUnit skips it, and CI validates the file with `docker-compose config -q` instead.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackTest {

    @Container
    static final ComposeContainer STACK = new ComposeContainer(new File("../docker-compose.yml"))
            .withEnv("AUTH_JWT_SECRET", "compose-test-secret-that-is-long-enough!")
            .withEnv("DASHBOARD_PASSWORD", "compose-test-dashboard")
            .withEnv("WEBHOOK_SECRET", "compose-test-webhook-secret")
            .withExposedService("api", 8080, Wait.forHttp("/health/ready").forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(10)));

    @Test
    void the_compose_stack_comes_up_ready_and_refuses_anonymous_calls() throws Exception {
        String api = "http://" + STACK.getServiceHost("api", 8080) + ":" + STACK.getServicePort("api", 8080);
        HttpClient http = HttpClient.newHttpClient();
        var ready = http.send(HttpRequest.newBuilder(URI.create(api + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        var anonymous = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/records")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }
}

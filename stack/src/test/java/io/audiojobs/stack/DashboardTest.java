package io.audiojobs.stack;

import io.audiojobs.dashboard.DashboardServer;
import io.audiojobs.embedded.Infrastructure;
import io.audiojobs.shared.config.AppConfig;
import io.audiojobs.shared.config.Env;
import io.audiojobs.shared.db.Database;
import io.audiojobs.shared.jobs.JobStorage;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardTest {

    @Test
    void dashboard_asks_for_credentials_and_lets_the_admin_in() throws Exception {
        AppConfig config = AppConfig.from(new Env(Infrastructure.shared().env()));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (Database database = Database.open(config.database(), "dashboard-test")) {
            var jsonMapper = JobStorage.jsonMapper();
            var storage = JobStorage.open(database.dataSource(), jsonMapper);
            try (var dashboard = new DashboardServer(storage, jsonMapper, port, "admin", "s3cret-pass").start()) {
                HttpClient http = HttpClient.newHttpClient();
                URI uri = URI.create("http://localhost:" + port + "/dashboard/");
                var anonymous = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
                assertThat(anonymous.statusCode()).isEqualTo(401);
                String wrong = Base64.getEncoder().encodeToString("admin:guess".getBytes());
                var guessed = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Basic " + wrong).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(guessed.statusCode()).isEqualTo(401);
                String right = Base64.getEncoder().encodeToString("admin:s3cret-pass".getBytes());
                var admin = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Basic " + right).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(admin.statusCode()).isEqualTo(200);
                assertThat(admin.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
                assertThat(admin.headers().allValues("Content-Security-Policy")).as("JobRunr's script policy, and ours")
                        .contains("frame-ancestors 'none'").anyMatch(policy -> policy.contains("script-src"));
                var api = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/jobs/default/ENQUEUED"))
                        .header("Authorization", "Basic " + right).build(), HttpResponse.BodyHandlers.discarding());
                assertThat(api.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
                assertThat(anonymous.headers().allValues("X-Content-Type-Options")).as("once").containsExactly("nosniff");

                // a page elsewhere posting a form here: the browser adds the admin's Basic credentials by itself
                URI trigger = URI.create("http://localhost:" + port + "/api/recurring-jobs/no-such-job/trigger");
                for (var from : java.util.List.of(new String[] {"Sec-Fetch-Site", "cross-site"},
                        new String[] {"Sec-Fetch-Site", "same-site"}, new String[] {"Origin", "http://evil.example"})) {
                    var forged = http.send(HttpRequest.newBuilder(trigger).header("Authorization", "Basic " + right)
                            .header(from[0], from[1]).POST(HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.discarding());
                    assertThat(forged.statusCode()).as(from[0] + ": " + from[1]).isEqualTo(403);
                }
                var own = http.send(HttpRequest.newBuilder(trigger).header("Authorization", "Basic " + right)
                        .header("Sec-Fetch-Site", "same-origin").header("Origin", "http://localhost:" + port)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
                assertThat(own.statusCode()).as("the dashboard's own page").isNotEqualTo(403);
            } finally {
                storage.close();
            }
        }
    }

    @Test
    void dashboard_role_refuses_to_start_without_credentials() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Cli.class.getName(), "dashboard");
        builder.environment().putAll(Infrastructure.shared().env());
        builder.environment().remove("DASHBOARD_USER");
        builder.environment().remove("DASHBOARD_PASSWORD");
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).isNotZero();
        assertThat(output).contains("DASHBOARD_USER and DASHBOARD_PASSWORD are required");
    }
}

package io.audiojobs.bench;

import io.audiojobs.embedded.Infrastructure;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The floor server does what the table says it does: one row and one enqueued JobRunr job per request. */
class FloorServerTest {

    @Test
    void each_request_inserts_one_row_and_enqueues_one_job() throws Exception {
        String url = Infrastructure.shared().env().get("DATABASE_URL");
        Javalin floor = FloorServer.start(url, "postgres", "", 4, 0);
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + floor.port() + "/floor");
            BenchClient client = new BenchClient("http://127.0.0.1:" + floor.port());
            long rowsBefore = count(url, "SELECT count(*) FROM floor_rows");
            long jobsBefore = count(url, "SELECT count(*) FROM jobrunr_jobs WHERE state = 'ENQUEUED'");

            Load.Result closed = Load.closed(4, 40, i -> client.floor(endpoint).statusCode() == 202);
            Load.Result open = Load.open(200, 20, i -> client.floor(endpoint).statusCode() == 202);

            assertThat(closed.latencies().count()).isEqualTo(40);
            assertThat(open.latencies().count()).isEqualTo(20);
            assertThat(closed.latencies().failures() + open.latencies().failures()).isZero();
            assertThat(count(url, "SELECT count(*) FROM floor_rows") - rowsBefore).isEqualTo(60);
            assertThat(count(url, "SELECT count(*) FROM jobrunr_jobs WHERE state = 'ENQUEUED'") - jobsBefore).isEqualTo(60);
        } finally {
            floor.stop();
        }
    }

    @Test
    void the_database_name_in_a_jdbc_url_is_replaced() {
        assertThat(FloorServer.withDatabase("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres", "audiojobs_floor"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/audiojobs_floor?user=postgres");
    }

    private static long count(String serverUrl, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(FloorServer.withDatabase(serverUrl, FloorServer.DATABASE), "postgres", "");
             ResultSet row = c.createStatement().executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}

package io.audiojobs.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatenciesTest {

    @Test
    void percentiles_use_the_nearest_rank() {
        Latencies latencies = new Latencies(100);
        for (int ms = 100; ms >= 1; ms--) {
            latencies.record(ms * 1_000_000L);
        }
        assertThat(latencies.percentileMillis(50)).isEqualTo(50.0);
        assertThat(latencies.percentileMillis(99)).isEqualTo(99.0);
        assertThat(latencies.percentileMillis(100)).isEqualTo(100.0);
    }

    @Test
    void one_slow_request_in_a_hundred_is_the_p100_not_the_p99() {
        Latencies latencies = new Latencies(100);
        for (int i = 0; i < 99; i++) {
            latencies.record(2_000_000L);
        }
        latencies.record(900_000_000L);
        assertThat(latencies.percentileMillis(99)).isEqualTo(2.0);
        assertThat(latencies.percentileMillis(100)).isEqualTo(900.0);
    }

    @Test
    void a_spread_reports_the_median_and_the_extremes_of_its_runs() {
        Spread spread = new Spread();
        spread.add(30);
        spread.add(10);
        spread.add(20);
        spread.add(40);
        assertThat(spread.median()).isEqualTo(25.0);
        assertThat(spread.format("ms", 1)).isEqualTo("25.0 ms (10.0–40.0, 4 runs)");
        assertThat(spread.compact(0)).isEqualTo("25 (10–40)");
    }
}

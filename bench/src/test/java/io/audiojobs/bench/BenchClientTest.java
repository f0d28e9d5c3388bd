package io.audiojobs.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BenchClientTest {
    private static final String METRICS = """
            # HELP jvm_memory_used_bytes The amount of used memory
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.0E7
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.5E7
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.0E7
            jvm_gc_pause_seconds_count{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 12
            jvm_gc_pause_seconds_sum{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 0.030
            jvm_gc_pause_seconds_count{action="end of major GC",cause="G1 Compaction Pause",gc="G1 Full GC"} 1
            jvm_gc_pause_seconds_sum{action="end of major GC",cause="G1 Compaction Pause",gc="G1 Full GC"} 0.010
            jvm_gc_pause_seconds_max{action="end of minor GC",cause="G1 Evacuation Pause",gc="G1 Young Generation"} 0.004
            """;

    @Test
    void sums_the_samples_of_one_metric_with_a_label_and_nothing_else() {
        assertThat(BenchClient.sum(METRICS, "jvm_memory_used_bytes{", "area=\"heap\"")).isEqualTo(3.5e7);
        assertThat(BenchClient.sum(METRICS, "jvm_gc_pause_seconds_count{", "")).isEqualTo(13);
        assertThat(BenchClient.sum(METRICS, "jvm_gc_pause_seconds_sum{", "")).isCloseTo(0.040, org.assertj.core.data.Offset.offset(1e-9));
    }
}

package io.audiojobs.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTest {

    @Test
    void reads_user_and_system_ticks_after_a_command_name_with_spaces_and_parentheses() {
        String stat = "4242 (my (odd) java) S 1 4242 4242 0 -1 4194560 2000 0 0 0 731 269 0 0 20 0 40 0 100 0 0";
        assertThat(ProcessCpu.ticks(stat)).isEqualTo(731 + 269);
    }

    @Test
    void this_process_has_used_cpu_and_the_count_only_grows() {
        long pid = ProcessHandle.current().pid();
        long before = ProcessCpu.nanos(pid);
        long sink = 0;
        for (long i = 0; i < 300_000_000L; i++) {
            sink += i ^ (sink >>> 3);
        }
        assertThat(sink).isNotZero();
        assertThat(ProcessCpu.nanos(pid)).isGreaterThan(before);
    }
}

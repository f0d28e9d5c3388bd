package io.audiojobs.shared.observability;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void a_callers_id_is_kept_only_when_it_is_a_plain_token_of_at_most_64_characters() {
        assertThat(RequestIds.isSane("abc-123_DEF.9")).isTrue();
        assertThat(RequestIds.isSane("a".repeat(64))).isTrue();
        assertThat(RequestIds.isSane("a".repeat(65))).isFalse();
        assertThat(RequestIds.isSane("")).isFalse();
        assertThat(RequestIds.isSane(null)).isFalse();
        assertThat(RequestIds.isSane("has space")).isFalse();
        assertThat(RequestIds.isSane("line\nbreak")).isFalse();
        assertThat(RequestIds.isSane("quote\"")).isFalse();
        assertThat(RequestIds.isSane("Bearer abc.def.ghi")).isFalse();
        assertThat(RequestIds.isSane("ünïcode")).isFalse();

        assertThat(RequestIds.acceptOrGenerate("mine-1")).isEqualTo("mine-1");
        String generated = RequestIds.acceptOrGenerate("not ok");
        assertThat(generated).isNotEqualTo("not ok").matches("[0-9a-f-]{36}");
        assertThat(RequestIds.isSane(generated)).isTrue();
    }

    @Test
    void a_scope_puts_the_id_in_the_mdc_and_restores_what_was_there() throws Exception {
        assertThat(RequestIds.current()).isEmpty();
        try (var outer = RequestIds.open("outer")) {
            assertThat(MDC.get("requestId")).isEqualTo("outer");
            RequestIds.run("inner", () -> assertThat(RequestIds.current()).contains("inner"));
            assertThat(RequestIds.current()).contains("outer");
            assertThat(RequestIds.call("called", () -> MDC.get(RequestIds.MDC_KEY))).isEqualTo("called");
            assertThat(RequestIds.current()).contains("outer");
        }
        assertThat(RequestIds.current()).isEmpty();
    }

    @Test
    void work_handed_to_another_thread_keeps_the_mdc_and_leaves_that_thread_clean() throws Exception {
        var executor = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<String> seen = new AtomicReference<>();
            MDC.put(RequestIds.MDC_KEY, "req-7");
            MDC.put("recordId", "42");
            executor.submit(RequestIds.propagating(() -> seen.set(MDC.get(RequestIds.MDC_KEY) + "/" + MDC.get("recordId")))).get();
            assertThat(seen.get()).isEqualTo("req-7/42");
            assertThat(executor.submit(() -> MDC.getCopyOfContextMap()).get()).isNullOrEmpty();
        } finally {
            executor.shutdownNow();
        }
    }
}

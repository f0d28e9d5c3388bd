package io.audiojobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.audiojobs.api.AuthAndErrorsTest.assertErrorBody;
import static org.assertj.core.api.Assertions.assertThat;

/** Seed 004's GET /records/async/me, paged: the seed's array kept, the next cursor in a header. */
class SeedRecordsPagingTest {
    private final ApiHarness api = ApiHarness.shared();

    @Test
    void pages_follow_x_next_cursor_newest_first_until_the_last_page_which_has_none() {
        String user = ApiHarness.newUser();
        List<Long> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.addFirst(directRecord(user, "r" + i));
        }

        List<Long> listed = new ArrayList<>();
        String path = "/records/async/me?limit=2";
        List<Integer> sizes = new ArrayList<>();
        while (path != null) {
            var page = api.get(user, path);
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            assertThat(page.json().isArray()).isTrue();
            page.json().forEach(r -> listed.add(r.get("id").asLong()));
            sizes.add(page.json().size());
            String next = page.header("X-Next-Cursor");
            if (next == null) {
                assertThat(page.header("Link")).isNull();
                path = null;
            } else {
                assertThat(page.header("Link")).isEqualTo("</records/async/me?limit=2&cursor=" + next + ">; rel=\"next\"");
                path = "/records/async/me?limit=2&cursor=" + next;
            }
        }
        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(listed).containsExactlyElementsOf(made);
    }

    @Test
    void without_a_limit_a_page_holds_50_records() {
        String user = ApiHarness.newUser();
        for (int i = 0; i < 51; i++) {
            directRecord(user, "r" + i);
        }
        var first = api.get(user, "/records/async/me");
        assertThat(first.json()).hasSize(50);
        var rest = api.get(user, "/records/async/me?cursor=" + first.header("X-Next-Cursor"));
        assertThat(rest.json()).hasSize(1);
        assertThat(rest.header("X-Next-Cursor")).isNull();
    }

    @Test
    void a_limit_out_of_range_or_a_foreign_cursor_is_400() {
        String user = ApiHarness.newUser();
        for (String bad : new String[] {"limit=0", "limit=101", "limit=many"}) {
            var response = api.get(user, "/records/async/me?" + bad);
            assertThat(response.status()).as(bad).isEqualTo(400);
            assertErrorBody(response, "VALIDATION_FAILED", "/records/async/me");
        }
        var response = api.get(user, "/records/async/me?cursor=not-a-cursor");
        assertThat(response.status()).isEqualTo(400);
        assertErrorBody(response, "INVALID_CURSOR", "/records/async/me");
    }

    @Test
    void the_openapi_document_names_the_paging_parameters_and_the_next_cursor_header() {
        JsonNode operation = io.audiojobs.api.docs.OpenApiDocument.api().json().at("/paths/~1records~1async~1me/get");
        List<String> parameters = new ArrayList<>();
        operation.get("parameters").forEach(p -> parameters.add(p.get("in").asText() + ":" + p.get("name").asText()));
        assertThat(parameters).contains("query:limit", "query:cursor");
        assertThat(operation.at("/responses/200/headers").has("X-Next-Cursor")).isTrue();
        assertThat(operation.at("/responses/200/content/application~1json/schema/type").asText()).isEqualTo("array");
    }

    private long directRecord(String user, String title) {
        var form = new Multipart().field("title", title).file("audio", "a.wav", "audio/wav", TestAudio.wav(0.1));
        var response = api.postMultipart(user, "/api/v1/records", form);
        assertThat(response.status()).as(response.text()).isEqualTo(202);
        JsonNode record = response.json().get("record");
        return record.get("id").asLong();
    }
}

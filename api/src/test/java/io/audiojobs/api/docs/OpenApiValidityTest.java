package io.audiojobs.api.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The document is valid OpenAPI 3.1, as swagger-parser reads it. */
class OpenApiValidityTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectNode DOCUMENT = OpenApiDocument.api().json();

    @Test
    void is_valid_openapi_3_1() throws Exception {
        SwaggerParseResult result = parse(DOCUMENT);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(result.getOpenAPI().getPaths()).hasSize(DOCUMENT.get("paths").size());
        assertThat(result.getOpenAPI().getComponents().getSchemas()).hasSize(DOCUMENT.at("/components/schemas").size());
    }

    @Test
    void the_validator_notices_a_broken_document() throws Exception {
        ObjectNode noResponses = DOCUMENT.deepCopy();
        ((ObjectNode) noResponses.at("/paths/~1api~1v1~1records~1{id}/get")).remove("responses");
        assertThat(parse(noResponses).getMessages()).isNotEmpty();

        ObjectNode badParameter = DOCUMENT.deepCopy();
        ((ObjectNode) badParameter.at("/paths/~1api~1v1~1records/get/parameters/0")).put("in", "body");
        assertThat(parse(badParameter).getMessages()).isNotEmpty();
    }

    private static SwaggerParseResult parse(JsonNode document) throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(MAPPER.writeValueAsString(document), null, options);
    }
}

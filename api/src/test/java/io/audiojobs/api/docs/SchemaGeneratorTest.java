package io.audiojobs.api.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.audiojobs.api.docs.SchemaGenerator.Direction;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Colour { RED, GREEN }

    record Everything(String text, int count, Integer maybeCount, long big, Long maybeBig, double ratio, Double maybeRatio,
                      boolean flag, Boolean maybeFlag, Instant at, UUID id, URI link, Colour colour, List<String> names,
                      Set<Long> ids, Map<String, Integer> counts, Optional<String> note, Part part, List<Part> parts,
                      String[] tags) {}

    record Part(String name, Part child) {}

    record Outer(Inner inner) {
        record Inner(String value) {}
    }

    static final class First {
        record Item(String a) {}
    }

    static final class Second {
        record Item(String b) {}
    }

    record Both(First.Item first, Second.Item second) {}

    record Ask(String required, String optional, Integer number) {}

    record Unsupported(Thread thread) {}

    @Test
    void maps_java_types_to_json_schema() throws Exception {
        SchemaGenerator generator = new SchemaGenerator(new SchemaHints());
        assertThat(generator.schema(Everything.class, Direction.RESPONSE).get("$ref")).isNull(); // resolved later
        JsonNode components = generator.components();
        JsonNode p = components.at("/Everything/properties");

        assertThat(p.get("text")).isEqualTo(json("{\"type\":\"string\"}"));
        assertThat(p.get("count")).isEqualTo(json("{\"type\":\"integer\",\"format\":\"int32\"}"));
        assertThat(p.get("maybeCount")).isEqualTo(json("{\"type\":[\"integer\",\"null\"],\"format\":\"int32\"}"));
        assertThat(p.get("big")).isEqualTo(json("{\"type\":\"integer\",\"format\":\"int64\"}"));
        assertThat(p.get("maybeBig")).isEqualTo(json("{\"type\":[\"integer\",\"null\"],\"format\":\"int64\"}"));
        assertThat(p.get("ratio")).isEqualTo(json("{\"type\":\"number\",\"format\":\"double\"}"));
        assertThat(p.get("maybeRatio")).isEqualTo(json("{\"type\":[\"number\",\"null\"],\"format\":\"double\"}"));
        assertThat(p.get("flag")).isEqualTo(json("{\"type\":\"boolean\"}"));
        assertThat(p.get("maybeFlag")).isEqualTo(json("{\"type\":[\"boolean\",\"null\"]}"));
        assertThat(p.get("at")).isEqualTo(json("{\"type\":\"string\",\"format\":\"date-time\"}"));
        assertThat(p.get("id")).isEqualTo(json("{\"type\":\"string\",\"format\":\"uuid\"}"));
        assertThat(p.get("link")).isEqualTo(json("{\"type\":\"string\",\"format\":\"uri\"}"));
        assertThat(p.get("colour")).isEqualTo(json("{\"type\":\"string\",\"enum\":[\"RED\",\"GREEN\"]}"));
        assertThat(p.get("names")).isEqualTo(json("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"));
        assertThat(p.get("ids")).isEqualTo(json(
                "{\"type\":\"array\",\"items\":{\"type\":\"integer\",\"format\":\"int64\"},\"uniqueItems\":true}"));
        assertThat(p.get("counts")).isEqualTo(json(
                "{\"type\":\"object\",\"additionalProperties\":{\"type\":\"integer\",\"format\":\"int32\"}}"));
        assertThat(p.get("note")).isEqualTo(json("{\"type\":[\"string\",\"null\"]}"));
        assertThat(p.get("part")).isEqualTo(json("{\"$ref\":\"#/components/schemas/Part\"}"));
        assertThat(p.get("parts")).isEqualTo(json("{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Part\"}}"));
        assertThat(p.get("tags")).isEqualTo(json("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"));
        // a response writes every field, nulls included
        assertThat(components.at("/Everything/required")).hasSize(Everything.class.getRecordComponents().length);
        assertThat(components.at("/Everything/additionalProperties").isMissingNode()).isTrue();
        // a record that contains itself
        assertThat(components.at("/Part/properties/child/$ref").asText()).isEqualTo("#/components/schemas/Part");
    }

    @Test
    void names_nested_records_by_their_enclosing_record_and_clashing_names_by_their_enclosing_class() {
        SchemaGenerator generator = new SchemaGenerator(new SchemaHints());
        generator.schema(Outer.class, Direction.RESPONSE);
        generator.schema(Both.class, Direction.RESPONSE);
        JsonNode components = generator.components();

        assertThat(generator.componentTypes()).containsOnlyKeys("Outer", "OuterInner", "Both", "FirstItem", "SecondItem");
        assertThat(components.at("/Outer/properties/inner/$ref").asText()).isEqualTo("#/components/schemas/OuterInner");
        assertThat(components.at("/Both/properties/first/$ref").asText()).isEqualTo("#/components/schemas/FirstItem");
        assertThat(components.at("/Both/properties/second/$ref").asText()).isEqualTo("#/components/schemas/SecondItem");
    }

    @Test
    void hints_add_required_fields_nullable_fields_values_descriptions_and_names() {
        SchemaHints hints = new SchemaHints()
                .required(Ask.class, "required")
                .values(Ask.class, "optional", "a", "b")
                .describe(Ask.class, "number", "How many")
                .nullable(Ask.class, "optional")
                .name(Ask.class, "Question");
        SchemaGenerator generator = new SchemaGenerator(hints);
        JsonNode list = generator.schema(Types.listOf(Ask.class), Direction.REQUEST);
        JsonNode question = generator.components().get("Question");

        assertThat(list).isEqualTo(json("{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Question\"}}"));
        assertThat(question.get("required")).isEqualTo(json("[\"required\"]"));
        assertThat(question.get("additionalProperties").asBoolean(true)).isFalse(); // unknown fields are refused
        assertThat(question.at("/properties/optional")).isEqualTo(json("{\"type\":[\"string\",\"null\"],\"enum\":[\"a\",\"b\",null]}"));
        assertThat(question.at("/properties/number/description").asText()).isEqualTo("How many");
        assertThat(hints.unknownComponents()).isEmpty();
        assertThat(new SchemaHints().nullable(Ask.class, "missing").unknownComponents()).containsExactly("Ask.missing");
    }

    @Test
    void builds_one_of_and_map_bodies() {
        SchemaGenerator generator = new SchemaGenerator(new SchemaHints());
        var oneOf = generator.schema(Types.oneOf(First.Item.class, Second.Item.class), Direction.RESPONSE);
        var map = generator.schema(Types.mapOf(String.class), Direction.RESPONSE);
        generator.components();

        assertThat(oneOf).isEqualTo(json("{\"oneOf\":[{\"$ref\":\"#/components/schemas/FirstItem\"},"
                + "{\"$ref\":\"#/components/schemas/SecondItem\"}]}"));
        assertThat(map).isEqualTo(json("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}"));
    }

    @Test
    void refuses_a_record_used_both_ways_and_types_it_cannot_describe() {
        SchemaGenerator generator = new SchemaGenerator(new SchemaHints());
        generator.schema(Ask.class, Direction.REQUEST);
        assertThatThrownBy(() -> generator.schema(Ask.class, Direction.RESPONSE)).hasMessageContaining("both a request and a response");
        assertThatThrownBy(() -> generator.schema(Unsupported.class, Direction.RESPONSE)).hasMessageContaining("java.lang.Thread");
    }

    @Test
    void refuses_values_for_a_field_that_is_not_a_string() {
        SchemaGenerator generator = new SchemaGenerator(new SchemaHints().values(Ask.class, "number", "1"));
        assertThatThrownBy(() -> generator.schema(Ask.class, Direction.REQUEST)).hasMessageContaining("Ask.number is not a string");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}

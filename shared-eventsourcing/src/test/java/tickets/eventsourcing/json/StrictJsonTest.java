package tickets.eventsourcing.json;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one JSON reading policy: each value only as the type it was sent as, and only clean text. */
class StrictJsonTest {

    enum Delivery { ONLINE, PRINTED }

    record Level(String name, Integer capacity, Long priceMinor, Boolean active, Delivery delivery, Instant startsAt,
                 List<String> tags) {
    }

    private final ObjectMapper json = StrictJson.configure(new ObjectMapper().findAndRegisterModules());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            fraction into an integer           | {"capacity":37.5}                      | capacity
            fraction into a long               | {"priceMinor":4599.99}                 | priceMinor
            text into a number                 | {"capacity":"37"}                      | capacity
            boolean into a number              | {"capacity":true}                      | capacity
            number into text                   | {"name":12345}                         | name
            boolean into text                  | {"name":true}                          | name
            object into text                   | {"name":{"a":1}}                       | name
            number into an enum                | {"delivery":1}                         | delivery
            text into a boolean                | {"active":"true"}                      | active
            number into a boolean              | {"active":1}                           | active
            number as a timestamp              | {"startsAt":1906000000}                | startsAt
            empty text into a number           | {"capacity":""}                        | capacity
            a lone text into a list            | {"tags":"one"}                         | tags
            NUL in text                        | {"name":"a\\u0000b"}                   | name
            another control character          | {"name":"bell\\u0007"}                 | name
            unpaired high surrogate            | {"name":"x\\ud800y"}                   | name
            unpaired low surrogate             | {"name":"x\\udc00"}                    | name
            NUL inside a list                  | {"tags":["ok","a\\u0000"]}             | tags
            a number too large for a long      | {"priceMinor":92233720368547758070}    | priceMinor
            """)
    void a_value_of_the_wrong_kind_is_refused_naming_its_field(String kind, String body, String field) {
        assertThatThrownBy(() -> json.readValue(body, Level.class))
                .isInstanceOf(JsonProcessingException.class)
                .satisfies(e -> {
                    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                        assertThat(mapping.getPath().get(0).getFieldName()).isEqualTo(field);
                    } else {
                        assertThat(e.getMessage()).contains(field.equals("priceMinor") ? "out of range" : field);
                    }
                });
    }

    @Test
    void duplicate_keys_and_trailing_tokens_are_refused() {
        assertThatThrownBy(() -> json.readValue("{\"name\":\"a\",\"name\":\"b\"}", Level.class))
                .hasMessageContaining("Duplicate field 'name'");
        assertThatThrownBy(() -> json.readValue("{\"name\":\"a\"} {}", Level.class))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void well_typed_values_and_text_with_real_emoji_newlines_and_accents_pass_unchanged() throws Exception {
        Level level = json.readValue("""
                {"name":"Zoë \\uD83C\\uDFB8\\nline two\\ttab","capacity":37,"priceMinor":4599,"active":true,
                 "delivery":"PRINTED","startsAt":"2030-06-01T19:30:00Z","tags":["a","b"]}""", Level.class);

        assertThat(level).isEqualTo(new Level("Zoë \uD83C\uDFB8\nline two\ttab", 37, 4599L, true, Delivery.PRINTED,
                Instant.parse("2030-06-01T19:30:00Z"), List.of("a", "b")));
    }

    @Test
    void the_forbidden_character_check_finds_the_first_bad_position() {
        assertThat(StrictJson.firstForbiddenCharacter("clean text, emoji \uD83C\uDFB8")).isEqualTo(-1);
        assertThat(StrictJson.firstForbiddenCharacter("ab\u0000")).isEqualTo(2);
        assertThat(StrictJson.firstForbiddenCharacter("\uDFB8")).isZero();
        assertThat(StrictJson.firstForbiddenCharacter("x\uD83C")).isEqualTo(1);
    }
}

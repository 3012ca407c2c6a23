package tickets.eventsourcing.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import tickets.eventsourcing.ExpectedVersion;
import tickets.eventsourcing.ValidationException;
import tickets.eventsourcing.ValidationException.FieldError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code W/"7"} on the wire is stream version 7, both ways. */
class ETagTest {

    @Test
    void the_header_value_is_a_weak_tag_of_the_version() {
        assertThat(ETag.of(7).headerValue()).isEqualTo("W/\"7\"");
        assertThat(ETag.of(7)).hasToString("W/\"7\"");
    }

    @Test
    void a_weak_if_match_asks_for_exactly_that_version() {
        assertThat(ETag.expectedFromIfMatch("W/\"7\"")).isEqualTo(new ExpectedVersion.Exactly(7));
    }

    @Test
    void a_strong_if_match_asks_for_exactly_that_version() {
        assertThat(ETag.expectedFromIfMatch("\"7\"")).isEqualTo(new ExpectedVersion.Exactly(7));
    }

    @Test
    void surrounding_whitespace_in_if_match_is_tolerated() {
        assertThat(ETag.expectedFromIfMatch("  W/\"12\" ")).isEqualTo(ExpectedVersion.exactly(12));
    }

    @Test
    void the_header_value_reads_back_as_the_same_version() {
        assertThat(ETag.expectedFromIfMatch(ETag.of(42).headerValue())).isEqualTo(ExpectedVersion.exactly(42));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "*", " * "})
    void no_if_match_or_a_star_accepts_any_version(String ifMatch) {
        assertThat(ETag.expectedFromIfMatch(ifMatch)).isEqualTo(ExpectedVersion.ANY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "W/\"x\"", "\"-1\"", "7", "W/7", "\"7", "w/\"7\"", "\"7\", \"8\"",
            "\"1234567890123456789\""})
    void an_if_match_that_is_not_an_etag_of_this_api_is_invalid(String ifMatch) {
        assertThatThrownBy(() -> ETag.expectedFromIfMatch(ifMatch))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).errors())
                        .extracting(FieldError::field)
                        .containsExactly("If-Match"));
    }
}

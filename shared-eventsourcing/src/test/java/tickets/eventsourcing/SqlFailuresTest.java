package tickets.eventsourcing;

import io.vertx.pgclient.PgException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import tickets.eventsourcing.http.ProblemMappers;

import static org.assertj.core.api.Assertions.assertThat;

/** What a database failure means to a client: a retryable collision is a 409, an outage a 503, never a bare 500. */
class SqlFailuresTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void deadlocks_and_serialization_failures_are_a_409_to_retry() {
        for (String state : new String[] {SqlFailures.DEADLOCK_DETECTED, SqlFailures.SERIALIZATION_FAILURE}) {
            RuntimeException failure = new RuntimeException(new PgException("collided", "ERROR", state, null));
            assertThat(SqlFailures.isRetryable(failure)).isTrue();
            Response response = mappers.unexpected(failure, null);
            assertThat(response.getStatus()).isEqualTo(409);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        }
    }

    @Test
    void an_unreachable_database_is_a_503_to_retry_later() {
        Response response = mappers.unexpected(new RuntimeException(new java.net.ConnectException("Connection refused")), null);
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
    }

    @Test
    void a_unique_violation_names_its_constraint() {
        PgException unique = new PgException("duplicate key", "ERROR", SqlFailures.UNIQUE_VIOLATION, null);
        assertThat(SqlFailures.isUniqueViolation(new RuntimeException(unique))).isTrue();
        assertThat(SqlFailures.isRetryable(unique)).isFalse();
        assertThat(mappers.unexpected(new IllegalStateException("a bug"), null).getStatus()).isEqualTo(500);
    }
}

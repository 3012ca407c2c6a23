package tickets.eventsourcing;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.devstack.Devstack;
import tickets.eventsourcing.testapp.NotesContract.Requests.CreateNoteRequested;
import tickets.testkit.InjectDevstack;
import tickets.testkit.TestDatabase;
import tickets.testkit.TestEvents;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trace goes with the work: an outbox row names the span that wrote it (the request's, or the consumer span
 * of the event that caused it), so the relay's traceparent header lets the next service continue the same trace.
 */
@QuarkusTest
class TracePropagationTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @InjectDevstack
    Devstack devstack;
    private TestDatabase database;
    private TestEvents kafka;

    @BeforeEach
    void connect() {
        database = new TestDatabase(devstack, "library");
        kafka = new TestEvents(devstack);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void a_requests_outbox_rows_carry_its_span_in_the_callers_trace() {
        String id = idOf(given().contentType(ContentType.JSON).header("traceparent", "00-" + TRACE + "-" + CALLER_SPAN + "-01")
                .body("{\"title\":\"Traced " + UUID.randomUUID() + "\"}").post("/api/library/notes")
                .then().statusCode(201).extract().header("Location"));

        String traceparent = database.column("select traceparent from outbox where aggregateid = ?", id).getFirst();
        assertThat(traceparent).matches("00-" + TRACE + "-[0-9a-f]{16}-01");
        assertThat(Traceparent.traceId(traceparent)).isEqualTo(TRACE);
        assertThat(traceparent).as("the service's own request span, a child of the caller's").doesNotContain(CALLER_SPAN);
    }

    @Test
    void an_events_effects_are_written_in_a_consumer_span_of_the_trace_its_record_carried() {
        UUID note = UUID.randomUUID();
        kafka.publishInTrace("library.requests", note, new CreateNoteRequested(note, "From a traced event " + note),
                "00-" + TRACE + "-" + CALLER_SPAN + "-01");

        await().atMost(Duration.ofSeconds(30)).until(() ->
                !database.column("select traceparent from outbox where aggregateid = ?", note.toString()).isEmpty());
        String traceparent = database.column("select traceparent from outbox where aggregateid = ?", note.toString()).getFirst();
        assertThat(Traceparent.traceId(traceparent)).isEqualTo(TRACE);
        assertThat(traceparent).as("the consumer's span, not the producer's").doesNotContain(CALLER_SPAN);
    }

    @Test
    void without_a_trace_to_join_a_request_starts_its_own() {
        String id = idOf(given().contentType(ContentType.JSON).body("{\"title\":\"Untraced " + UUID.randomUUID() + "\"}")
                .post("/api/library/notes").then().statusCode(201).extract().header("Location"));
        String traceparent = database.column("select traceparent from outbox where aggregateid = ?", id).getFirst();
        assertThat(Traceparent.traceId(traceparent)).isNotNull().isNotEqualTo(TRACE);
    }

    private static String idOf(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }
}

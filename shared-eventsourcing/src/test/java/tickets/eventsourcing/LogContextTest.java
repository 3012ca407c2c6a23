package tickets.eventsourcing;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.devstack.Devstack;
import tickets.eventsourcing.testapp.NotesContract.Requests.CreateNoteRequested;
import tickets.testkit.InjectDevstack;
import tickets.testkit.TestEvents;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every line logged while a command or an event is handled carries its trace, correlation and causation (the MDC,
 * which the JSON log format writes as fields): here, the test application's own lines, captured as they are logged.
 */
@QuarkusTest
class LogContextTest {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

    @InjectDevstack
    Devstack devstack;
    private TestEvents kafka;
    private final ConcurrentLinkedQueue<Map<String, String>> lines = new ConcurrentLinkedQueue<>();
    private final ExtHandler capture = new ExtHandler() {
        @Override
        protected void doPublish(ExtLogRecord record) {
            Map<String, String> line = new java.util.HashMap<>(record.getMdcCopy());
            line.put("message", record.getFormattedMessage());
            lines.add(line);
        }
    };
    private final Logger app = Logger.getLogger("tickets.eventsourcing.testapp");

    @BeforeEach
    void listen() {
        kafka = new TestEvents(devstack);
        app.addHandler(capture);
    }

    @AfterEach
    void stop() {
        app.removeHandler(capture);
        kafka.close();
    }

    @Test
    void a_line_logged_while_an_event_is_handled_names_its_trace_its_purchase_and_its_cause() {
        UUID note = UUID.randomUUID();
        UUID eventId = kafka.publishInTrace("library.requests", note, new CreateNoteRequested(note, "Logged " + note),
                "00-" + TRACE + "-b7ad6b7169203331-01");

        Map<String, String> line = awaitLine("creating note " + note + " for an event");
        assertThat(line.get("traceId")).isEqualTo(TRACE);
        assertThat(line.get("causationId")).isEqualTo(eventId.toString());
        assertThat(line.get("correlationId")).as("an event without a correlation is its own").isEqualTo(eventId.toString());
    }

    @Test
    void a_line_logged_while_a_request_is_handled_names_its_trace_its_correlation_and_its_cause() {
        String location = given().contentType(ContentType.JSON).header("traceparent", "00-" + TRACE + "-b7ad6b7169203331-01")
                .header("X-Correlation-Id", "purchase-42").body("{\"title\":\"Logged request " + UUID.randomUUID() + "\"}")
                .post("/api/library/notes").then().statusCode(201).extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);

        Map<String, String> line = awaitLine("creating note " + id + " on request");
        assertThat(line.get("traceId")).isEqualTo(TRACE);
        assertThat(line.get("correlationId")).isEqualTo("purchase-42");
        assertThat(line.get("causationId")).startsWith("request:");
    }

    private Map<String, String> awaitLine(String message) {
        Optional<Map<String, String>>[] found = new Optional[] {Optional.empty()};
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found[0] = lines.stream().filter(line -> message.equals(line.get("message"))).findFirst();
            return found[0].isPresent();
        });
        return found[0].orElseThrow();
    }
}

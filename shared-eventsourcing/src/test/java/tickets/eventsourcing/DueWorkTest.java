package tickets.eventsourcing;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.devstack.Devstack;
import tickets.eventsourcing.testapp.NoteArchiver;
import tickets.testkit.InjectDevstack;
import tickets.testkit.TestDatabase;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Durable timers (due work) against the real PostgreSQL: due by the database's clock, one per transaction, backed off alone. */
@QuarkusTest
class DueWorkTest {

    @InjectDevstack
    Devstack devstack;
    private TestDatabase database;

    @BeforeEach
    void connect() {
        database = new TestDatabase(devstack, "library");
    }

    @Test
    void a_timer_fires_once_when_due_and_its_event_keeps_the_streams_correlation() {
        String correlation = "timer-saga-" + UUID.randomUUID();
        UUID id = create("Timed " + UUID.randomUUID(), databaseNow().plusSeconds(2), correlation);
        assertThat(database.count("select count(*) from due_work where kind = ? and stream_id = ?", NoteArchiver.KIND, id))
                .isEqualTo(1);

        await().atMost(Duration.ofSeconds(30)).until(() -> archived(id));
        List<List<Object>> events = database.query("select event_type, event_id, metadata->>'correlationId', "
                + "metadata->>'causationId' from events where stream_id = ? order by stream_version", id);
        assertThat(events).extracting(row -> row.get(0)).containsExactly("NoteCreated", "NoteArchived");
        assertThat(events.get(1).get(2)).as("the timer keeps the stream's correlation").isEqualTo(correlation);
        assertThat(events.get(1).get(3)).as("caused by the event that set the timer").isEqualTo(events.get(0).get(1).toString());
        assertThat(database.count("select count(*) from due_work where stream_id = ?", id)).isZero();
    }

    @Test
    void work_that_keeps_failing_backs_off_on_its_own_row_and_the_rest_goes_on() {
        UUID failing = UUID.randomUUID();
        insertDueWork(NoteArchiver.AlwaysFails.KIND, failing);
        UUID id = create("Behind a failure " + UUID.randomUUID(), databaseNow().plusSeconds(1), null);

        await().atMost(Duration.ofSeconds(30)).until(() -> archived(id));
        List<Object> failed = database.query("select attempts, last_error, next_attempt_at > now() from due_work "
                + "where stream_id = ?", failing).get(0);
        assertThat(((Number) failed.get(0)).intValue()).isPositive();
        assertThat((String) failed.get(1)).contains("never succeeds");
        assertThat(failed.get(2)).as("the next attempt waits").isEqualTo(true);
        database.update("delete from due_work where stream_id = ?", failing);
    }

    @Test
    void work_left_due_by_an_earlier_run_is_done_when_the_service_polls_again() {
        UUID id = create("Left over " + UUID.randomUUID(), null, null);
        // what a run that stopped before the work was due leaves behind: only the row in the database
        insertDueWork(NoteArchiver.KIND, id);

        await().atMost(Duration.ofSeconds(30)).until(() -> archived(id));
        assertThat(database.count("select count(*) from due_work where stream_id = ?", id)).isZero();
    }

    @Test
    void commands_and_timers_on_the_same_streams_queue_and_never_deadlock() throws Exception {
        List<UUID> notes = new ArrayList<>();
        Instant due = databaseNow().plusSeconds(3);
        for (int i = 0; i < 16; i++) {
            notes.add(create("Contended " + i + " " + UUID.randomUUID(), due, null));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            long start = System.nanoTime() + Duration.between(databaseNow(), due).minusMillis(300).toNanos();
            long until = start + Duration.ofSeconds(3).toNanos();
            List<Callable<Void>> callers = new ArrayList<>();
            for (UUID note : notes) {
                callers.add(() -> {
                    while (System.nanoTime() < start) {
                        Thread.sleep(10);
                    }
                    for (int i = 0; System.nanoTime() < until; i++) {
                        // archiving drops the timer (like cancelling a hold); renaming appends to the same stream
                        statuses.add(i % 2 == 0 ? given().post("/api/library/notes/" + note + "/archive").statusCode()
                                : given().contentType(ContentType.JSON).body("{\"title\":\"" + UUID.randomUUID() + "\"}")
                                        .put("/api/library/notes/" + note).statusCode());
                    }
                    return null;
                });
            }
            for (Future<Void> caller : pool.invokeAll(callers)) {
                caller.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).as("a collision is a 409, never a deadlock's 500").isNotEmpty().isSubsetOf(200, 409);
        for (UUID note : notes) {
            assertThat(database.count("select count(*) from events where stream_id = ? and event_type = 'NoteArchived'", note))
                    .as("archived exactly once, by the timer or a caller").isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                database.count("select count(*) from due_work where stream_id = any(?)", notes) == 0);
    }

    private UUID create(String title, Instant archiveAt, String correlation) {
        var request = given().contentType(ContentType.JSON);
        if (correlation != null) {
            request = request.header("X-Correlation-Id", correlation);
        }
        String body = archiveAt == null ? "{\"title\":\"" + title + "\"}"
                : "{\"title\":\"" + title + "\",\"archiveAt\":\"" + archiveAt + "\"}";
        String location = request.body(body)
                .post("/api/library/notes").then().statusCode(201).extract().header("Location");
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }

    private boolean archived(UUID id) {
        return database.count("select count(*) from note_view where id = ? and archived", id) == 1;
    }

    private Instant databaseNow() {
        return ((java.sql.Timestamp) database.query("select now()").get(0).get(0)).toInstant();
    }

    private void insertDueWork(String kind, UUID stream) {
        database.update("""
                insert into due_work (id, kind, stream_id, due_at, next_attempt_at, correlation_id, causation_id)
                values (gen_random_uuid(), ?, ?, now(), now(), 'test', 'test')""", kind, stream);
    }
}

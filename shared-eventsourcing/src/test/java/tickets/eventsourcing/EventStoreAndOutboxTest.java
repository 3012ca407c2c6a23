package tickets.eventsourcing;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.devstack.Devstack;
import tickets.eventsourcing.testapp.NoteAggregate;
import tickets.testkit.InjectDevstack;
import tickets.testkit.TestDatabase;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The event store, command handler and outbox against the real PostgreSQL, with the tiny notes aggregate. */
@QuarkusTest
class EventStoreAndOutboxTest {

    @InjectDevstack
    Devstack devstack;
    @jakarta.inject.Inject
    CommandHandler commands;
    @jakarta.inject.Inject
    NoteAggregate notes;
    private TestDatabase database;

    @BeforeEach
    void connect() {
        database = new TestDatabase(devstack, "library");
    }

    @Test
    void an_append_writes_the_events_the_read_model_and_one_outbox_row_per_integration_event() {
        UUID id = create("First note " + UUID.randomUUID());
        given().contentType(ContentType.JSON).header("If-Match", "W/\"1\"").body("{\"title\":\"Renamed " + id + "\"}")
                .put("/api/library/notes/" + id).then().statusCode(200).header("ETag", equalTo("W/\"2\""));

        assertThat(database.query("select event_type, stream_version from events where stream_id = ? order by stream_version", id))
                .containsExactly(List.of("NoteCreated", 1L), List.of("NoteRenamed", 2L));
        // NoteCreated publishes one integration event, NoteRenamed none
        assertThat(database.column("select type from outbox where aggregateid = ?", id.toString()))
                .containsExactly("NoteCreated");
        assertThat(database.query("select title, version from note_view where id = ?", id))
                .containsExactly(List.of("Renamed " + id, 2L));
    }

    @Test
    void a_stale_if_match_is_412_with_the_current_etag_and_changes_nothing() {
        UUID id = create("Stale " + UUID.randomUUID());
        rename(id, "W/\"1\"", "Now at two " + id).then().statusCode(200);

        rename(id, "W/\"1\"", "Lost update " + id).then().statusCode(412).contentType("application/problem+json")
                .header("ETag", equalTo("W/\"2\""));
        assertThat(database.count("select count(*) from events where stream_id = ?", id)).isEqualTo(2);
    }

    @Test
    void racing_writers_of_one_stream_queue_on_its_lock_and_the_versions_stay_gapless() throws Exception {
        UUID id = create("Race " + UUID.randomUUID());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Callable<Integer>> writers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String title = "Racer " + i + " " + id;
                writers.add(() -> rename(id, null, title).statusCode());
            }
            for (Future<Integer> status : pool.invokeAll(writers)) {
                statuses.add(status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        // without If-Match nobody decided on a stale version: each waits for the stream's lock and reads it anew
        assertThat(statuses).as("a lost race is a wait, not a conflict").containsOnly(200);
        long won = statuses.stream().filter(s -> s == 200).count();
        assertThat(database.query("select stream_version from events where stream_id = ? order by stream_version", id)
                .stream().map(row -> row.get(0)).toList())
                .as("one event per successful write, versions 1..n").hasSize((int) won + 1)
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, won + 1).boxed().toList());
    }

    @Test
    void creating_a_stream_that_exists_is_a_concurrency_conflict_and_changes_nothing() {
        UUID existing = create("Exists " + UUID.randomUUID());
        long events = database.count("select count(*) from events");
        long outbox = database.count("select count(*) from outbox");

        // a new stream is not read first: the unique (stream, version) constraint is what refuses it
        assertThatThrownBy(() -> io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(() -> commands.handle(notes,
                existing, ExpectedVersion.NO_STREAM, new tickets.eventsourcing.testapp.Note.Command.CreateNote(existing,
                        "Again " + UUID.randomUUID(), null), new CommandContext("test", "test", null))))
                .isInstanceOf(ConcurrencyConflict.class).hasMessageContaining("already exists");
        assertThat(database.count("select count(*) from events")).isEqualTo(events);
        assertThat(database.count("select count(*) from outbox")).isEqualTo(outbox);
        assertThat(database.count("select count(*) from events where stream_id = ?", existing)).isEqualTo(1);
    }

    @Test
    void a_unique_rule_of_the_read_model_is_the_domains_409_not_a_concurrent_change() {
        String title = "Taken " + UUID.randomUUID();
        create(title);
        long events = database.count("select count(*) from events");

        given().contentType(ContentType.JSON).body("{\"title\":\"" + title + "\"}").post("/api/library/notes")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://tickets.example/problems/rule-violated"))
                .body("detail", containsString("already has that title"));
        assertThat(database.count("select count(*) from events")).isEqualTo(events);
    }

    @Test
    void a_command_that_fails_after_writing_leaves_no_event_no_outbox_row_no_read_model_and_no_timer() {
        long events = database.count("select count(*) from events");
        long outbox = database.count("select count(*) from outbox");

        given().contentType(ContentType.JSON).body("{\"title\":\"" + NoteAggregate.FAILS_AFTER_WRITING
                        + "\",\"archiveAt\":\"2031-01-01T00:00:00Z\"}").post("/api/library/notes")
                .then().statusCode(500).contentType("application/problem+json")
                .body("detail", containsString("error id")).body(org.hamcrest.Matchers.not(containsString("Exception")));

        assertThat(database.count("select count(*) from events")).isEqualTo(events);
        assertThat(database.count("select count(*) from outbox")).isEqualTo(outbox);
        assertThat(database.count("select count(*) from note_view where title = ?", NoteAggregate.FAILS_AFTER_WRITING)).isZero();
    }

    @Test
    void the_database_refuses_to_update_delete_or_truncate_events() {
        UUID id = create("Immutable " + UUID.randomUUID());

        assertThatThrownBy(() -> database.execute("update events set event_type = 'Tampered' where stream_id = ?", id))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> database.execute("delete from events where stream_id = ?", id))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> database.execute("truncate events"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThat(database.column("select event_type from events where stream_id = ?", id)).containsExactly("NoteCreated");
    }

    @Test
    void a_request_s_correlation_is_the_client_s_and_its_cause_the_request() {
        String correlation = "client-" + UUID.randomUUID();
        String location = given().contentType(ContentType.JSON).header("X-Correlation-Id", correlation)
                .body("{\"title\":\"Correlated " + correlation + "\"}").post("/api/library/notes")
                .then().statusCode(201).extract().header("Location");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

        List<Object> metadata = database.query("select metadata->>'correlationId', metadata->>'causationId' from events "
                + "where stream_id = ?", id).get(0);
        assertThat(metadata.get(0)).isEqualTo(correlation);
        assertThat((String) metadata.get(1)).startsWith("request:").isNotEqualTo(correlation);
        given().contentType(ContentType.JSON).header("X-Correlation-Id", "not allowed: spaces")
                .body("{\"title\":\"x\"}").post("/api/library/notes").then().statusCode(400)
                .body("errors[0].field", equalTo("X-Correlation-Id"));
    }

    private UUID create(String title) {
        String location = given().contentType(ContentType.JSON).body("{\"title\":\"" + title + "\"}")
                .post("/api/library/notes").then().statusCode(201).header("ETag", equalTo("W/\"1\""))
                .extract().header("Location");
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }

    private static Response rename(UUID id, String ifMatch, String title) {
        var request = given().contentType(ContentType.JSON).body("{\"title\":\"" + title + "\"}");
        if (ifMatch != null) {
            request = request.header("If-Match", ifMatch);
        }
        return request.put("/api/library/notes/" + id);
    }
}

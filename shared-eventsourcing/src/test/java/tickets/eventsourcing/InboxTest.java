package tickets.eventsourcing;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.contracts.EventHeaders;
import tickets.devstack.Devstack;
import tickets.eventsourcing.testapp.NotesContract.Requests.CreateNoteRequested;
import tickets.eventsourcing.testapp.NotesContract.Requests.FlakyCreateRequested;
import tickets.eventsourcing.testapp.NotesContract;
import tickets.eventsourcing.testapp.NotesHandlers;
import tickets.testkit.InjectDevstack;
import tickets.testkit.TestDatabase;
import tickets.testkit.TestEvents;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The inbox against the real Kafka and PostgreSQL: once per event id, typed contracts, poison versus transient. */
@QuarkusTest
class InboxTest {

    private static final String REQUESTS = "library.requests";
    private static final String DEAD_LETTERS = "library.dlq";

    @InjectDevstack
    Devstack devstack;
    private TestEvents kafka;
    private TestDatabase database;

    @BeforeEach
    void connect() {
        kafka = new TestEvents(devstack);
        database = new TestDatabase(devstack, "library");
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void a_record_delivered_twice_is_applied_once_and_its_consumer_is_named_after_the_channel() {
        UUID note = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        CreateNoteRequested request = new CreateNoteRequested(note, "Twice " + note);
        kafka.publish(REQUESTS, note, request, eventId, "saga-" + note);
        kafka.publish(REQUESTS, note, request, eventId, "saga-" + note);
        UUID marker = kafka.publish(REQUESTS, note, new CreateNoteRequested(UUID.randomUUID(), "Marker " + note));

        await().atMost(Duration.ofSeconds(30)).until(() -> processed("notes", marker));
        assertThat(database.count("select count(*) from events where stream_id = ?", note)).isEqualTo(1);
        assertThat(database.count("select count(*) from processed_messages where consumer = 'notes' and message_id = ?",
                eventId)).isEqualTo(1);
        // a saga step keeps the incoming correlation and names the incoming event as its cause
        assertThat(database.query("select metadata->>'correlationId', metadata->>'causationId' from events where stream_id = ?",
                note)).containsExactly(List.of("saga-" + note, eventId.toString()));
    }

    @Test
    void a_channel_reading_two_topics_hands_each_record_to_its_topics_route_once_under_that_topics_consumer() {
        UUID note = UUID.randomUUID();
        UUID echoed = UUID.randomUUID();
        UUID shared = UUID.randomUUID(); // one event id on both topics: each consumer applies it once
        kafka.publish("alpha.events", note, new CreateNoteRequested(note, "Mixed " + note), shared, "saga-" + note);
        kafka.publish("alpha.events", note, new CreateNoteRequested(note, "Mixed " + note), shared, "saga-" + note);
        kafka.publish("beta.events", echoed, new NotesContract.Published.NoteCreated(echoed, "Echo " + echoed), shared,
                "saga-" + echoed);
        kafka.publish("beta.events", echoed, new NotesContract.Published.NoteCreated(echoed, "Echo " + echoed), shared,
                "saga-" + echoed);
        UUID ignored = kafka.publish("beta.events", echoed, new NotesContract.Published.NoteArchived(echoed));
        UUID alphaMarker = kafka.publish("alpha.events", "m", new CreateNoteRequested(UUID.randomUUID(), "Marker a " + note));
        UUID betaMarker = kafka.publish("beta.events", "m", new NotesContract.Published.NoteCreated(UUID.randomUUID(), "m"));

        await().atMost(Duration.ofSeconds(30)).until(() -> processed("alpha", alphaMarker) && processed("beta", betaMarker));
        assertThat(database.count("select count(*) from events where stream_id = ?", note)).isEqualTo(1);
        assertThat(database.count("select count(*) from echo_effects where note_id = ?", echoed)).isEqualTo(1);
        assertThat(database.query("select consumer from processed_messages where message_id = ? order by consumer", shared))
                .containsExactly(List.of("alpha"), List.of("beta"));
        assertThat(processed("beta", ignored)).as("an event its route ignores leaves no inbox row").isFalse();
    }

    @Test
    void a_refused_event_on_one_topic_goes_aside_alone_and_the_other_topics_events_around_it_are_applied_once() {
        String key = "mixed-refused-" + UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID echoed = UUID.randomUUID();
        kafka.publish("alpha.events", key, new CreateNoteRequested(first, "Taken " + key));
        UUID refused = kafka.publish("alpha.events", key, new CreateNoteRequested(second, "Taken " + key));
        UUID echo = kafka.publish("beta.events", key, new NotesContract.Published.NoteCreated(echoed, "Echo " + key));
        UUID after = kafka.publish("alpha.events", key, new CreateNoteRequested(UUID.randomUUID(), "After " + key));

        await().atMost(Duration.ofSeconds(30)).until(() -> processed("alpha", after) && processed("beta", echo));
        List<ConsumerRecord<String, String>> dead = kafka.consume(DEAD_LETTERS, record -> key.equals(record.key()), 1,
                Duration.ofSeconds(30));
        assertThat(dead).extracting(record -> TestEvents.header(record, EventHeaders.ID)).containsExactly(refused.toString());
        assertThat(database.count("select count(*) from events where stream_id = ?", first)).isEqualTo(1);
        assertThat(database.count("select count(*) from events where stream_id = ?", second)).isZero();
        assertThat(database.count("select count(*) from echo_effects where note_id = ?", echoed)).isEqualTo(1);
    }

    @Test
    void a_type_the_contract_does_not_know_is_marked_processed_and_skipped() {
        UUID unknown = kafka.send(REQUESTS, "k", "SomethingFromTheFuture", "{\"whatever\":1}");
        UUID marker = kafka.publish(REQUESTS, "k", new CreateNoteRequested(UUID.randomUUID(), "After unknown " + unknown));

        await().atMost(Duration.ofSeconds(30)).until(() -> processed("notes", marker));
        assertThat(processed("notes", unknown)).isTrue();
    }

    @Test
    void an_event_its_consumer_ignores_is_acknowledged_without_an_inbox_row_and_what_follows_is_processed() {
        UUID note = UUID.randomUUID();
        UUID ignored = kafka.publish("library.events", note, new NotesContract.Published.NoteArchived(note));
        UUID followed = kafka.publish("library.events", note, new NotesContract.Published.NoteCreated(note, "After " + note));

        await().atMost(Duration.ofSeconds(30)).until(() -> processed("echo", followed));
        assertThat(database.count("select count(*) from echo_effects where note_id = ?", note)).isEqualTo(1);
        assertThat(processed("echo", ignored)).as("an ignored event leaves no inbox row").isFalse();
    }

    @Test
    void poison_goes_to_the_dead_letter_topic_with_its_reason_and_the_records_behind_it_are_processed() {
        String key = "poison-" + UUID.randomUUID();
        UUID unreadable = kafka.send(REQUESTS, key, "CreateNoteRequested", "{\"noteId\": not json");
        UUID wrongShape = kafka.send(REQUESTS, key, "CreateNoteRequested", "{\"noteId\":\"not-a-uuid\",\"title\":\"x\"}");
        UUID notAnObject = kafka.send(REQUESTS, key, "CreateNoteRequested", "[1, 2]");
        UUID behind = kafka.publish(REQUESTS, key, new CreateNoteRequested(UUID.randomUUID(), "Behind poison " + key));

        await().atMost(Duration.ofSeconds(30)).until(() -> processed("notes", behind));
        List<ConsumerRecord<String, String>> dead = kafka.consume(DEAD_LETTERS, record -> key.equals(record.key()), 3,
                Duration.ofSeconds(30));
        assertThat(dead).extracting(record -> TestEvents.header(record, EventHeaders.ID))
                .containsExactly(unreadable.toString(), wrongShape.toString(), notAnObject.toString());
        assertThat(dead).allSatisfy(record ->
                assertThat(TestEvents.header(record, "dead-letter-reason")).contains("cannot be read"));
        assertThat(processed("notes", unreadable)).isFalse();
    }

    @Test
    void an_event_its_handler_refuses_goes_aside_alone_and_the_events_around_it_are_applied_once() {
        // the second note's title is taken by the first: its append breaks a unique constraint, which
        // aborts the transaction of any batch it is in; the batch is then handled one by one
        String key = "refused-" + UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID third = UUID.randomUUID();
        kafka.publish(REQUESTS, key, new CreateNoteRequested(first, "Taken " + key));
        UUID refused = kafka.publish(REQUESTS, key, new CreateNoteRequested(second, "Taken " + key));
        UUID after = kafka.publish(REQUESTS, key, new CreateNoteRequested(third, "After " + key));

        await().atMost(Duration.ofSeconds(30)).until(() -> processed("notes", after));
        List<ConsumerRecord<String, String>> dead = kafka.consume(DEAD_LETTERS, record -> key.equals(record.key()), 1,
                Duration.ofSeconds(30));
        assertThat(dead).extracting(record -> TestEvents.header(record, EventHeaders.ID)).containsExactly(refused.toString());
        assertThat(TestEvents.header(dead.get(0), "dead-letter-reason")).contains("already has that title");
        assertThat(database.count("select count(*) from events where stream_id = any(?)",
                List.of(first, third))).isEqualTo(2);
        assertThat(database.count("select count(*) from events where stream_id = ?", second)).isZero();
        assertThat(processed("notes", refused)).as("a refused event leaves no inbox row").isFalse();
    }

    @Test
    void a_schema_version_newer_than_the_contract_is_poison() {
        String key = "newer-" + UUID.randomUUID();
        UUID newer = kafka.sendWithSchemaVersion(REQUESTS, key, "CreateNoteRequested",
                "{\"noteId\":\"" + UUID.randomUUID() + "\",\"title\":\"v2\"}", 2);
        UUID behind = kafka.publish(REQUESTS, key, new CreateNoteRequested(UUID.randomUUID(), "Behind v2 " + key));

        await().atMost(Duration.ofSeconds(30)).until(() -> processed("notes", behind));
        List<ConsumerRecord<String, String>> dead = kafka.consume(DEAD_LETTERS, record -> key.equals(record.key()), 1,
                Duration.ofSeconds(30));
        assertThat(TestEvents.header(dead.get(0), EventHeaders.ID)).isEqualTo(newer.toString());
        assertThat(TestEvents.header(dead.get(0), "dead-letter-reason")).contains("schema version 2");
    }

    @Test
    void a_transient_failure_is_retried_until_it_succeeds_applied_once_never_dead_lettered_and_shown_in_the_saga_health() {
        UUID note = UUID.randomUUID();
        UUID request = kafka.publish(REQUESTS, note, new FlakyCreateRequested(note, "Flaky " + note, 8));

        AtomicBoolean sawDegraded = new AtomicBoolean();
        java.util.List<Integer> readinessWhileStuck = new java.util.concurrent.CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var saga = given().get("/q/health/group/saga");
            if (saga.asString().contains("retrying since")) {
                sawDegraded.set(true);
                assertThat(saga.statusCode()).isEqualTo(503);
                readinessWhileStuck.add(given().get("/q/health/ready").statusCode());
            }
            return processed("notes", request);
        });
        assertThat(sawDegraded).as("the saga health reported the stuck consumer").isTrue();
        assertThat(readinessWhileStuck).as("the service stays ready for HTTP while one consumer retries")
                .isNotEmpty().containsOnly(200);
        assertThat(NotesHandlers.FLAKY_ATTEMPTS.get(note).get()).isEqualTo(9);
        assertThat(database.count("select count(*) from events where stream_id = ?", note)).isEqualTo(1);
        assertThat(kafka.all(DEAD_LETTERS, record -> note.toString().equals(record.key()), Duration.ofSeconds(2))).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> given().get("/q/health/group/saga").statusCode() == 200);
    }

    @Test
    void an_event_appended_while_the_relay_is_down_is_delivered_after_its_restart_and_applied_once() {
        devstack.relay().close();
        UUID id;
        try {
            String location = given().contentType(ContentType.JSON).body("{\"title\":\"While down " + UUID.randomUUID() + "\"}")
                    .post("/api/library/notes").then().statusCode(201).extract().header("Location");
            id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
            assertThat(database.count("select count(*) from outbox where aggregateid = ?", id.toString())).isEqualTo(1);
        } finally {
            devstack.relay().start();
        }
        UUID note = id;
        await().atMost(Duration.ofSeconds(60)).until(() ->
                database.count("select count(*) from echo_effects where note_id = ?", note) >= 1);
        assertThat(database.count("select count(*) from echo_effects where note_id = ?", id)).isEqualTo(1);
    }

    private boolean processed(String consumer, UUID messageId) {
        return database.count("select count(*) from processed_messages where consumer = ? and message_id = ?",
                consumer, messageId) > 0;
    }
}

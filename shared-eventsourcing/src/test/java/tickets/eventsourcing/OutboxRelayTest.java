package tickets.eventsourcing;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import tickets.devstack.Devstack;
import tickets.testkit.InjectDevstack;
import tickets.testkit.TestDatabase;
import tickets.testkit.TestEvents;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Debezium outbox relay as it runs under every service: it keeps its slot moving and loses nothing. */
@QuarkusTest
class OutboxRelayTest {

    private static final String SLOT = "outbox_library";

    @InjectDevstack
    Devstack devstack;

    @Test
    void the_slot_keeps_up_while_this_outbox_is_idle_and_other_databases_fill_the_write_ahead_log() {
        TestDatabase library = new TestDatabase(devstack, "library");
        TestDatabase other = new TestDatabase(devstack, "postgres");
        other.update("create table if not exists wal_filler (id bigserial primary key, filler text)");
        other.update("insert into wal_filler (filler) select repeat('x', 500) from generate_series(1, 5000)");
        String written = other.column("select pg_current_wal_lsn()::text").get(0);

        // without a heartbeat that writes into this database, the slot would hold the log back for good
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).until(() -> library.query(
                "select confirmed_flush_lsn >= ?::pg_lsn from pg_replication_slots where slot_name = ?", written, SLOT)
                .get(0).get(0).equals(true));
    }

    @Test
    void the_slot_decodes_the_outbox_inserts_alone_not_the_services_other_writes_nor_the_purge() {
        TestDatabase library = new TestDatabase(devstack, "library");
        assertThat(library.query("""
                select puballtables, pubinsert, pubupdate, pubdelete, pubtruncate
                from pg_publication where pubname = ?""", SLOT))
                .containsExactly(java.util.List.of(false, true, false, false, false));
        assertThat(library.column("select schemaname || '.' || tablename from pg_publication_tables where pubname = ?", SLOT))
                .containsExactly("public.outbox");
    }

    @Test
    void a_row_purged_right_after_its_commit_is_still_relayed_once_and_the_delete_is_nobodys_event() {
        TestDatabase library = new TestDatabase(devstack, "library");
        UUID note = create("Purged at once " + UUID.randomUUID());
        library.update("delete from outbox where aggregateid = ?", note.toString());

        try (TestEvents kafka = new TestEvents(devstack)) {
            kafka.consume("library.events", record -> note.toString().equals(record.key()), 1, Duration.ofSeconds(30));
            UUID next = create("After the purge " + UUID.randomUUID());
            kafka.consume("library.events", record -> next.toString().equals(record.key()), 1, Duration.ofSeconds(30));
            assertThat(kafka.all("library.events", record -> note.toString().equals(record.key()), Duration.ofSeconds(2)))
                    .as("the insert relayed once, the delete not at all").hasSize(1);
        }
    }

    @Test
    void an_event_committed_while_kafka_is_down_is_relayed_when_it_is_back() {
        devstack.kafka().close();
        UUID note;
        try {
            note = create("While Kafka is down " + UUID.randomUUID());
            sleep(Duration.ofSeconds(5));
        } finally {
            devstack.kafka().start();
        }
        try (TestEvents kafka = new TestEvents(devstack)) {
            kafka.consume("library.events", record -> note.toString().equals(record.key()), 1, Duration.ofSeconds(90));
        }
    }

    private static UUID create(String title) {
        String location = given().contentType(ContentType.JSON).body("{\"title\":\"" + title + "\"}")
                .post("/api/library/notes").then().statusCode(201).extract().header("Location");
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

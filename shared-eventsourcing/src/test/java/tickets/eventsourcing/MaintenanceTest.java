package tickets.eventsourcing;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.devstack.Devstack;
import tickets.eventsourcing.maintenance.Purge;
import tickets.testkit.InjectDevstack;
import tickets.testkit.TestDatabase;
import tickets.testkit.TestTokens;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

/** What keeps a service's tables sane over time: the purge of old outbox and inbox rows, and read-model rebuilds. */
@QuarkusTest
class MaintenanceTest {

    @InjectDevstack
    Devstack devstack;
    @Inject
    Purge purge;
    private TestDatabase database;

    @BeforeEach
    void connect() {
        database = new TestDatabase(devstack, "library");
    }

    @Test
    void relayed_outbox_rows_and_processed_messages_past_their_retention_are_purged_and_fresh_ones_kept() throws Throwable {
        UUID oldOutbox = UUID.randomUUID();
        UUID freshOutbox = UUID.randomUUID();
        UUID oldInbox = UUID.randomUUID();
        UUID freshInbox = UUID.randomUUID();
        database.update("""
                insert into outbox (id, aggregatetype, aggregateid, type, payload, source, created_at)
                values (?, 'Note', 'x', 'Purgeable', '{}', 'library', now() - interval '2 hours'),
                       (?, 'Note', 'x', 'Purgeable', '{}', 'library', now())""", oldOutbox, freshOutbox);
        database.update("""
                insert into processed_messages (consumer, message_id, processed_at)
                values ('purge-test', ?, now() - interval '15 days'), ('purge-test', ?, now() - interval '13 days')""", oldInbox, freshInbox);

        Purge.Purged purged = VertxContextSupport.subscribeAndAwait(() -> purge.purge());

        assertThat(purged.outboxRows()).isPositive();
        assertThat(purged.inboxRows()).isPositive();
        assertThat(database.count("select count(*) from outbox where id = ?", oldOutbox)).isZero();
        assertThat(database.count("select count(*) from outbox where id = ?", freshOutbox)).isEqualTo(1);
        assertThat(database.count("select count(*) from processed_messages where message_id = ?", oldInbox)).isZero();
        assertThat(database.count("select count(*) from processed_messages where message_id = ?", freshInbox)).isEqualTo(1);
    }

    @Test
    void a_wiped_read_model_rebuilt_from_the_events_equals_the_live_one_and_nothing_is_published() {
        for (int i = 0; i < 5; i++) {
            String location = given().contentType(ContentType.JSON).body("{\"title\":\"Rebuilt " + UUID.randomUUID() + "\"}")
                    .post("/api/library/notes").then().statusCode(201).extract().header("Location");
            given().post(location + "/archive").then().statusCode(200);
        }
        String snapshot = "select id, title, archived, version from note_view order by id";
        List<List<Object>> before = database.query(snapshot);
        long outbox = database.count("select count(*) from outbox");
        long events = database.count("select count(*) from events");

        database.update("delete from note_view");
        assertThat(database.query(snapshot)).isEmpty();
        given().post("/api/admin/library/projections/rebuild").then().statusCode(401);
        given().auth().oauth2(TestTokens.customer()).post("/api/admin/library/projections/rebuild").then().statusCode(403);
        given().auth().oauth2(TestTokens.admin()).post("/api/admin/library/projections/rebuild").then().statusCode(200)
                .body("streamType", hasItem("Note"));
        given().auth().oauth2(TestTokens.admin()).post("/api/admin/elsewhere/projections/rebuild").then().statusCode(404);

        assertThat(database.query(snapshot)).isEqualTo(before);
        assertThat(database.count("select count(*) from outbox")).isEqualTo(outbox);
        assertThat(database.count("select count(*) from events")).isEqualTo(events);
    }
}

package tickets.concerts.outbox;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tickets.contracts.EventHeaders;
import tickets.contracts.Topics;
import tickets.devstack.Devstack;
import tickets.testkit.InjectDevstack;
import tickets.testkit.TestDatabase;
import tickets.testkit.TestEvents;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static tickets.concerts.testsupport.ConcertFixtures.concert;
import static tickets.testkit.TestTokens.admin;

/**
 * What concerts-service publishes, through its outbox and the real Debezium relay: the event store,
 * outbox and inbox themselves are proven in shared-eventsourcing's own tests.
 */
@QuarkusTest
class ConcertsOnKafkaTest {

    @InjectDevstack
    Devstack devstack;

    @Test
    void a_created_concert_is_appended_to_the_events_and_arrives_on_kafka_keyed_by_its_id_with_headers() {
        String correlation = "corr-" + UUID.randomUUID();
        String location = given().auth().oauth2(admin()).header("X-Correlation-Id", correlation)
                .contentType(ContentType.JSON).body(concert("Relayed")).post("/api/concerts")
                .then().statusCode(201).extract().header("Location");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

        TestDatabase database = new TestDatabase(devstack, "concerts");
        List<List<Object>> events = database.query(
                "select event_type, stream_version, stream_type, event_id, metadata->>'correlationId' from events where stream_id = ?", id);
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).containsExactly("ConcertCreated", 1L, "Concert", events.get(0).get(3), correlation);
        UUID eventId = (UUID) events.get(0).get(3);

        ConsumerRecord<String, String> record;
        try (TestEvents kafka = new TestEvents(devstack)) {
            record = kafka.consume(Topics.CONCERTS, r -> id.toString().equals(r.key()), 1, Duration.ofSeconds(30)).get(0);
        }
        assertThat(TestEvents.header(record, EventHeaders.TYPE)).isEqualTo("ConcertCreated");
        assertThat(TestEvents.header(record, EventHeaders.SOURCE)).isEqualTo("concerts");
        assertThat(TestEvents.header(record, EventHeaders.SUBJECT)).isEqualTo(id.toString());
        assertThat(TestEvents.header(record, EventHeaders.CORRELATION_ID)).isEqualTo(correlation);
        assertThat(TestEvents.header(record, EventHeaders.CAUSATION_ID)).isEqualTo(eventId.toString());
        assertThat(TestEvents.header(record, EventHeaders.SCHEMA_VERSION)).isEqualTo("1");
        UUID messageId = UUID.fromString(TestEvents.header(record, EventHeaders.ID));
        assertThat(database.count("select count(*) from outbox where id = ? and aggregateid = ?", messageId, id.toString()))
                .isEqualTo(1);
        JsonPath payload = JsonPath.from(record.value());
        assertThat(payload.getString("concertId")).isEqualTo(id.toString());
        assertThat(payload.getString("title")).isEqualTo("Relayed");
        assertThat(payload.getList("ticketLevels.deliveryMethod")).containsExactly("ONLINE", "PRINTED");
        assertThat(payload.getLong("ticketLevels[0].priceMinor")).isEqualTo(4500L);
    }
}

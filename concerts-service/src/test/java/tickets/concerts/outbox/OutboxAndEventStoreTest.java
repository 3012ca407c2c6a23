package tickets.concerts.outbox;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.concerts.Concert;
import tickets.concerts.ConcertAggregate;
import tickets.concerts.ConcertCommand;
import tickets.concerts.ConcertEvent;
import tickets.concerts.DeliveryMethod;
import tickets.concerts.Money;
import tickets.concerts.TicketLevel;
import tickets.testkit.TestDatabase;
import tickets.contracts.EventHeaders;
import tickets.contracts.Topics;
import tickets.devstack.Devstack;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.ExpectedVersion;
import tickets.testkit.InjectDevstack;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static tickets.concerts.testsupport.ConcertFixtures.concert;
import static tickets.testkit.TestTokens.admin;

/** The event store, the outbox and the inbox against the real PostgreSQL, Debezium relay and Kafka. */
@QuarkusTest
class OutboxAndEventStoreTest {

    @InjectDevstack
    Devstack devstack;

    @Inject
    CommandHandler commandHandler;

    @Inject
    ConcertAggregate concerts;

    private TestDatabase database;

    @BeforeEach
    void connect() {
        database = new TestDatabase(devstack, "concerts");
    }

    @Test
    void a_created_concert_is_appended_to_the_events_and_arrives_on_kafka_keyed_by_its_id_with_headers() {
        String correlation = "corr-" + UUID.randomUUID();
        String location = given().auth().oauth2(admin()).header("X-Correlation-Id", correlation)
                .contentType(ContentType.JSON).body(concert("Relayed")).post("/api/concerts")
                .then().statusCode(201).extract().header("Location");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

        List<List<Object>> events = database.query(
                "select event_type, stream_version, stream_type, event_id, metadata->>'correlationId' from events where stream_id = ?", id);
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).containsExactly("ConcertCreated", 1L, "Concert", events.get(0).get(3), correlation);
        UUID eventId = (UUID) events.get(0).get(3);

        ConsumerRecord<String, String> record = firstRecordWithKey(id.toString(), Duration.ofSeconds(30));
        assertThat(record.topic()).isEqualTo(Topics.CONCERTS);
        assertThat(header(record, EventHeaders.TYPE)).isEqualTo("ConcertCreated");
        assertThat(header(record, EventHeaders.SOURCE)).isEqualTo("concerts");
        assertThat(header(record, EventHeaders.SUBJECT)).isEqualTo(id.toString());
        assertThat(header(record, EventHeaders.CORRELATION_ID)).isEqualTo(correlation);
        assertThat(header(record, EventHeaders.CAUSATION_ID)).isEqualTo(eventId.toString());
        assertThat(header(record, EventHeaders.SCHEMA_VERSION)).isEqualTo("1");
        UUID messageId = UUID.fromString(header(record, EventHeaders.ID));
        assertThat(database.count("select count(*) from outbox where id = ? and aggregateid = ?", messageId, id.toString()))
                .isEqualTo(1);
        var payload = io.restassured.path.json.JsonPath.from(record.value());
        assertThat(payload.getString("concertId")).isEqualTo(id.toString());
        assertThat(payload.getString("title")).isEqualTo("Relayed");
        assertThat(payload.getList("ticketLevels.deliveryMethod")).containsExactly("ONLINE", "PRINTED");
        assertThat(payload.getLong("ticketLevels[0].priceMinor")).isEqualTo(4500L);
    }

    @Test
    void a_command_that_fails_after_writing_leaves_neither_an_event_nor_an_outbox_row() {
        UUID id = UUID.randomUUID();
        var create = new ConcertCommand.CreateConcert(id,
                new ConcertCommand.ConcertDetails("Doomed", "Artist", "Venue", Instant.parse("2030-01-01T20:00:00Z")),
                List.of(new TicketLevel("Regular", 10, new Money(100, "EUR"), DeliveryMethod.ONLINE)),
                Instant.parse("2029-01-01T00:00:00Z"));

        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> commandHandler.handle(
                new FailingProjection(), id, ExpectedVersion.NO_STREAM, create,
                CommandContext.ofRequest(null, "test"))))
                .hasMessageContaining("projection failed");

        assertThat(database.count("select count(*) from events where stream_id = ?", id)).isZero();
        assertThat(database.count("select count(*) from outbox where aggregateid = ?", id.toString())).isZero();
        assertThat(database.count("select count(*) from concert_view where id = ?", id)).isZero();
    }

    @Test
    void the_database_refuses_to_update_delete_or_truncate_events() {
        String location = given().auth().oauth2(admin()).contentType(ContentType.JSON).body(concert("Immutable"))
                .post("/api/concerts").then().statusCode(201).extract().header("Location");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));

        assertThatThrownBy(() -> database.execute("update events set event_type = 'Tampered' where stream_id = ?", id))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> database.execute("delete from events where stream_id = ?", id))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> database.execute("truncate events"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThat(database.query("select event_type from events where stream_id = ?", id))
                .containsExactly(List.of("ConcertCreated"));
    }

    @Test
    void an_idempotent_consumer_fed_the_same_record_twice_applies_it_once() throws Exception {
        UUID duplicated = UUID.randomUUID();
        UUID marker = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(probeRecord(key, duplicated)).get();
            producer.send(probeRecord(key, duplicated)).get();
            // same key, same partition: once the marker is applied, both copies before it were consumed
            producer.send(probeRecord(key, marker)).get();
        }

        await().atMost(Duration.ofSeconds(30)).until(() ->
                database.count("select count(*) from probe_effects where event_id = ?", marker) == 1);
        assertThat(database.count("select count(*) from probe_effects where event_id = ?", duplicated)).isEqualTo(1);
        assertThat(database.count("select count(*) from processed_messages where consumer = 'probe' and message_id = ?",
                duplicated)).isEqualTo(1);
    }

    @Test
    void an_event_appended_while_the_relay_is_down_is_delivered_after_its_restart_and_applied_once() {
        devstack.relay().close();
        UUID id;
        try {
            String location = given().auth().oauth2(admin()).contentType(ContentType.JSON).body(concert("While down"))
                    .post("/api/concerts").then().statusCode(201).extract().header("Location");
            id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
            assertThat(database.count("select count(*) from outbox where aggregateid = ?", id.toString())).isEqualTo(1);
        } finally {
            devstack.relay().start();
        }

        ConsumerRecord<String, String> record = firstRecordWithKey(id.toString(), Duration.ofSeconds(60));
        assertThat(header(record, EventHeaders.TYPE)).isEqualTo("ConcertCreated");
        UUID subject = id;
        await().atMost(Duration.ofSeconds(30)).until(() ->
                database.count("select count(*) from probe_effects where subject = ?", subject.toString()) >= 1);
        assertThat(database.count("select count(*) from probe_effects where subject = ?", id.toString())).isEqualTo(1);
    }

    private ProducerRecord<String, String> probeRecord(String key, UUID eventId) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.CONCERTS, key, "{\"probe\":true}");
        record.headers().add(EventHeaders.ID, eventId.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventHeaders.TYPE, "ProbeEvent".getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventHeaders.SUBJECT, key.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, devstack.kafka().bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    private ConsumerRecord<String, String> firstRecordWithKey(String key, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, devstack.kafka().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.CONCERTS));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no record with key " + key + " on " + Topics.CONCERTS + " within " + timeout);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The concert aggregate, except that its read-model update fails: after the events and outbox rows were written. */
    private static final class FailingProjection extends ConcertAggregate {
        @Override
        public Uni<Void> project(UUID streamId, Concert stateAfter, long versionAfter, List<ConcertEvent> newEvents) {
            return Uni.createFrom().failure(new IllegalStateException("projection failed on purpose"));
        }
    }
}

package tickets.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tickets.contracts.EventHeaders;
import tickets.devstack.Devstack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration events on the test JVM's Kafka: publishes contract records the way the relay does
 * (key, CloudEvents headers, JSON payload) for the consumers under test, and reads what a service
 * published.
 */
public final class TestEvents implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Devstack devstack;
    private final KafkaProducer<String, String> producer;

    public TestEvents(Devstack devstack) {
        this.devstack = devstack;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, devstack.kafka().bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
    }

    /** A contract record as its publisher would send it: type = the record's simple name; returns the event id. */
    public UUID publish(String topic, Object key, Object contractRecord) {
        return publish(topic, key, contractRecord, UUID.randomUUID(), null);
    }

    /** The same with a chosen event id (to send a duplicate) and correlation id (the saga it belongs to). */
    public UUID publish(String topic, Object key, Object contractRecord, UUID eventId, Object correlationId) {
        return send(topic, String.valueOf(key), contractRecord.getClass().getSimpleName(), json(contractRecord), eventId,
                correlationId == null ? null : String.valueOf(correlationId));
    }

    /** The same as part of a trace: the record carries {@code traceparent} as the relay would put it from the outbox. */
    public UUID publishInTrace(String topic, Object key, Object contractRecord, String traceparent) {
        return send(topic, String.valueOf(key), contractRecord.getClass().getSimpleName(), json(contractRecord),
                UUID.randomUUID(), null, 0, traceparent);
    }

    /** Raw JSON of any type name (unknown types, malformed payloads); sends and waits for the broker's ack. */
    public UUID send(String topic, String key, String type, String payload) {
        return send(topic, key, type, payload, UUID.randomUUID());
    }

    public UUID send(String topic, String key, String type, String payload, UUID eventId) {
        return send(topic, key, type, payload, eventId, null);
    }

    /** Raw JSON declared as {@code schemaVersion} of its type (a producer newer than the consumer). */
    public UUID sendWithSchemaVersion(String topic, String key, String type, String payload, int schemaVersion) {
        return send(topic, key, type, payload, UUID.randomUUID(), null, schemaVersion);
    }

    /** Raw JSON as an event of the saga {@code sagaId} (its key and correlation id), e.g. the CartConfirmed that starts a purchase. */
    public UUID sendInSaga(String topic, Object sagaId, String type, String payload) {
        return send(topic, String.valueOf(sagaId), type, payload, UUID.randomUUID(), String.valueOf(sagaId));
    }

    public UUID send(String topic, String key, String type, String payload, UUID eventId, String correlationId) {
        return send(topic, key, type, payload, eventId, correlationId, 0);
    }

    private UUID send(String topic, String key, String type, String payload, UUID eventId, String correlationId,
                      int schemaVersion) {
        return send(topic, key, type, payload, eventId, correlationId, schemaVersion, null);
    }

    private UUID send(String topic, String key, String type, String payload, UUID eventId, String correlationId,
                      int schemaVersion, String traceparent) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, payload);
        if (traceparent != null) {
            record.headers().add("traceparent", bytes(traceparent));
        }
        if (schemaVersion > 0) {
            record.headers().add(EventHeaders.SCHEMA_VERSION, bytes(Integer.toString(schemaVersion)));
        }
        record.headers().add(EventHeaders.ID, bytes(eventId.toString()));
        record.headers().add(EventHeaders.TYPE, bytes(type));
        record.headers().add(EventHeaders.SUBJECT, bytes(key));
        if (correlationId != null) {
            record.headers().add(EventHeaders.CORRELATION_ID, bytes(correlationId));
        }
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return eventId;
    }

    /**
     * Reads {@code topic} from the beginning until {@code expected} records match (or the time is
     * up, which fails the test), with a consumer group of its own.
     */
    public List<ConsumerRecord<String, String>> consume(String topic, Predicate<ConsumerRecord<String, String>> matching,
                                                        int expected, Duration timeout) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (matching.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        assertThat(found).as("records on " + topic).hasSize(expected);
        return found;
    }

    /** Every record of {@code topic} that matches, read until the topic has been quiet for {@code quiet}. */
    public List<ConsumerRecord<String, String>> all(String topic, Predicate<ConsumerRecord<String, String>> matching,
                                                    Duration quiet) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of(topic));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < quiet.toNanos()) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                }
                for (ConsumerRecord<String, String> record : records) {
                    if (matching.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /** A header's value as text, or null. */
    public static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Records of one saga: those whose correlation header is {@code correlationId}. */
    public static Predicate<ConsumerRecord<String, String>> correlatedWith(Object correlationId) {
        return record -> String.valueOf(correlationId).equals(header(record, EventHeaders.CORRELATION_ID));
    }

    /** A contract record as JSON, the way publishers write it (ISO-8601 timestamps). */
    public static String json(Object contractRecord) {
        try {
            return JSON.writeValueAsString(contractRecord);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private KafkaConsumer<String, String> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, devstack.kafka().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}

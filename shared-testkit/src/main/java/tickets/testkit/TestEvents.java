package tickets.testkit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import tickets.contracts.EventHeaders;
import tickets.devstack.Devstack;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.UUID;

/** Publishes integration events the way the relay does (key, CloudEvents headers), for the consumers under test. */
public final class TestEvents implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    public TestEvents(Devstack devstack) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, devstack.kafka().bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
    }

    /** Sends and waits for the broker's acknowledgement; returns the event id. */
    public UUID send(String topic, String key, String type, String payload) {
        return send(topic, key, type, payload, UUID.randomUUID());
    }

    public UUID send(String topic, String key, String type, String payload, UUID eventId) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, payload);
        record.headers().add(EventHeaders.ID, eventId.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
        record.headers().add(EventHeaders.SUBJECT, key.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return eventId;
    }

    @Override
    public void close() {
        producer.close();
    }
}

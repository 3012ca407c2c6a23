package tickets.eventsourcing.inbox;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Moves a poison record of a batch to the service's dead-letter topic, with the same headers
 * SmallRye's dead-letter strategy writes for a single record ({@code dead-letter-reason}, topic,
 * partition, offset). Needed because a batch is acknowledged or refused as a whole: refusing it
 * would dead-letter its good records too. At least once: a batch retried after a crash may
 * dead-letter its poison record again, which is harmless for an inspection topic.
 */
@ApplicationScoped
public class DeadLetters {

    /** Every kafka.* setting (servers, TLS, SASL): the same connection the channels use, on a cluster as locally. */
    @jakarta.inject.Inject
    @io.smallrye.common.annotation.Identifier("default-kafka-broker")
    java.util.Map<String, Object> kafkaConfig;
    @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.dead-letter-queue.topic")
    String topic;

    private volatile KafkaProducer<String, String> producer;

    public Uni<Void> send(ConsumerRecord<String, String> poison, String reason) {
        ProducerRecord<String, String> dead = new ProducerRecord<>(topic, poison.key(), poison.value());
        poison.headers().forEach(header -> dead.headers().add(header));
        dead.headers().add("dead-letter-reason", bytes(reason));
        dead.headers().add("dead-letter-topic", bytes(poison.topic()));
        dead.headers().add("dead-letter-partition", bytes(Integer.toString(poison.partition())));
        dead.headers().add("dead-letter-offset", bytes(Long.toString(poison.offset())));
        // a producer's first send blocks for the topic's metadata: never on the event loop
        return Uni.createFrom().<Void>emitter(emitter -> producer().send(dead, (metadata, failure) -> {
            if (failure == null) {
                emitter.complete(null);
            } else {
                emitter.fail(failure);
            }
        })).runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool());
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    Properties props = new Properties();
                    kafkaConfig.forEach((key, value) -> {
                        if (ProducerConfig.configNames().contains(key)) {
                            props.put(key, value);
                        }
                    });
                    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.CLIENT_ID_CONFIG, "dead-letters");
                    producer = new KafkaProducer<>(props);
                }
                current = producer;
            }
        }
        return current;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        KafkaProducer<String, String> current = producer;
        if (current != null) {
            current.close(java.time.Duration.ofSeconds(2));
        }
    }
}

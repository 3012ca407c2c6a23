package tickets.devstack.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * Prints a topic from its beginning (key, headers, value) and stops after a few quiet seconds:
 * a way to look at what the services published without installing Kafka's tools.
 *
 * <p>Arguments: {@code <topic> [bootstrap servers]}
 */
public final class TopicTail {

    public static void main(String[] args) {
        String topic = args[0];
        String bootstrap = args.length > 1 ? args[1] : "127.0.0.1:19092";
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "topic-tail-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            int quietPolls = 0;
            while (quietPolls < 6) {
                var records = consumer.poll(Duration.ofMillis(500));
                quietPolls = records.isEmpty() ? quietPolls + 1 : 0;
                for (ConsumerRecord<String, String> record : records) {
                    StringBuilder headers = new StringBuilder();
                    for (Header header : record.headers()) {
                        headers.append(' ').append(header.key()).append('=')
                                .append(new String(header.value(), StandardCharsets.UTF_8));
                    }
                    System.out.printf("%s-%d@%d key=%s%s%n  %s%n", record.topic(), record.partition(), record.offset(),
                            record.key(), headers, record.value());
                }
            }
        }
    }
}

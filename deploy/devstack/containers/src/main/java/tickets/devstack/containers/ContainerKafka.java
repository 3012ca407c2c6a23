package tickets.devstack.containers;

import org.testcontainers.kafka.KafkaContainer;
import tickets.devstack.KafkaServer;
import tickets.devstack.ProjectLayout;

import java.nio.file.Path;

/** Apache Kafka (KRaft, one node) from its image, the devstack broker's version and partition count. */
final class ContainerKafka extends KafkaServer {

    /** The devstack's broker (kafka.version in pom.xml). */
    static final String IMAGE = "apache/kafka:4.4.0";

    private KafkaContainer container;

    ContainerKafka(ProjectLayout layout, Path scratch) {
        super(layout, 0, 0, scratch, scratch);
    }

    @Override
    public void start() {
        container = new KafkaContainer(IMAGE).withEnv("KAFKA_NUM_PARTITIONS", "3");
        container.start();
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public long residentMemoryMiB() {
        return 0;
    }

    @Override
    public void close() {
        if (container != null) {
            container.stop();
            container = null;
        }
    }
}

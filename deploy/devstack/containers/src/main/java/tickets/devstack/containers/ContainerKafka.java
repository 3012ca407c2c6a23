package tickets.devstack.containers;

import org.testcontainers.containers.Network;
import org.testcontainers.kafka.KafkaContainer;
import tickets.devstack.KafkaServer;
import tickets.devstack.ProjectLayout;

import java.nio.file.Path;

/** Apache Kafka (KRaft, one node) from its image, the devstack broker's version and partition count. */
final class ContainerKafka extends KafkaServer {

    /** The devstack's broker (kafka.version in pom.xml). */
    static final String IMAGE = "apache/kafka:4.4.0";

    /** Where the other containers (Debezium Connect) reach the broker on the servers' network. */
    static final String NETWORK_LISTENER = "kafka:19092";

    private final Network network;
    private KafkaContainer container;

    ContainerKafka(ProjectLayout layout, Network network, Path scratch) {
        super(layout, 0, 0, scratch, scratch, java.util.List.of());
        this.network = network;
    }

    @Override
    public void start() {
        container = new KafkaContainer(IMAGE).withEnv("KAFKA_NUM_PARTITIONS", "3")
                .withNetwork(network).withNetworkAliases("kafka").withListener(NETWORK_LISTENER);
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
        ContainerServers.stop(container);
        container = null;
    }
}

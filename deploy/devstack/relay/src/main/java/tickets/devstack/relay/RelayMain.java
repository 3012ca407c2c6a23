package tickets.devstack.relay;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import tickets.devstack.process.ParentWatch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The outbox relay: one Debezium PostgreSQL connector per service database, each capturing only
 * that database's {@code outbox} table and routing it through Debezium's Outbox Event Router to
 * the service's topic. Each connector has its own idempotent Kafka producer, made anew with each
 * start of its engine, so a producer in a fatal state never outlives the engine that met it.
 *
 * <p>Arguments: {@code <postgres port> <kafka bootstrap> <state dir> <service>...}
 */
public final class RelayMain {

    public static void main(String[] args) throws Exception {
        int postgresPort = Integer.parseInt(args[0]);
        String bootstrap = args[1];
        Path state = Path.of(args[2]);
        List<String> services = List.of(args).subList(3, args.length);
        Files.createDirectories(state);

        String kafkaClusterId = kafkaClusterId(bootstrap);

        List<OutboxConnector> connectors = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(services.size());
        for (String service : services) {
            connectors.add(new OutboxConnector(service, postgresPort, state, kafkaClusterId,
                    () -> new KafkaProducer<>(producerConfig(bootstrap, service)), started::countDown));
        }
        ParentWatch.exitWhenParentEnds(() -> connectors.forEach(OutboxConnector::close));
        connectors.forEach(OutboxConnector::start);
        if (!started.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("outbox connectors did not start within 120 s");
        }
        System.out.println("DEVSTACK-READY relay services=" + String.join(",", services));
        System.out.flush();
        Thread.currentThread().join();
    }

    /** The broker's cluster id: offsets stored for another cluster must not be reused. */
    private static String kafkaClusterId(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(props)) {
            return admin.describeCluster().clusterId().get(60, TimeUnit.SECONDS);
        }
    }

    private static Properties producerConfig(String bootstrap, String service) {
        Properties props = new Properties();
        props.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        props.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.setProperty("max.in.flight.requests.per.connection", "5");
        props.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.setProperty(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-" + service);
        return props;
    }
}

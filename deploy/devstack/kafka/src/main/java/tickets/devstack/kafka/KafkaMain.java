package tickets.devstack.kafka;

import org.apache.kafka.common.Uuid;
import tickets.devstack.process.ParentWatch;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A single-node Apache Kafka in KRaft mode (broker and controller in one process) on loopback.
 * The storage directory is formatted on first use and kept across restarts.
 *
 * <p>Arguments: {@code <port> <controller port> <data dir>}
 */
public final class KafkaMain {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int controllerPort = Integer.parseInt(args[1]);
        Path data = Path.of(args[2]);
        Path logDir = data.resolve("log");
        Files.createDirectories(logDir);

        Path config = data.resolve("server.properties");
        writeConfig(config, port, controllerPort, logDir);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int formatted = kafka.tools.StorageTool.execute(new String[] {
                    "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()}, System.out);
            if (formatted != 0) {
                throw new IllegalStateException("formatting Kafka storage failed: " + formatted);
            }
        }
        // Kafka's own shutdown hook stops the broker cleanly on exit.
        ParentWatch.exitWhenParentEnds(() -> System.exit(0));
        Thread readiness = new Thread(() -> announceWhenListening(port), "readiness");
        readiness.setDaemon(true);
        readiness.start();
        kafka.Kafka.main(new String[] {config.toString()});
    }

    private static void writeConfig(Path file, int port, int controllerPort, Path logDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("num.partitions", "3");
        p.setProperty("auto.create.topics.enable", "true");
        // 7 days, Kafka's default, said on purpose: the services' inboxes keep processed ids longer (14 days)
        p.setProperty("log.retention.hours", "168");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "written by devstack on every start");
        }
    }

    private static void announceWhenListening(int port) {
        var props = new Properties();
        props.setProperty("bootstrap.servers", "127.0.0.1:" + port);
        while (true) {
            try (var admin = org.apache.kafka.clients.admin.Admin.create(props)) {
                admin.describeCluster().clusterId().get(5, java.util.concurrent.TimeUnit.SECONDS);
                System.out.println("DEVSTACK-READY kafka port=" + port);
                System.out.flush();
                return;
            } catch (Exception notYet) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}

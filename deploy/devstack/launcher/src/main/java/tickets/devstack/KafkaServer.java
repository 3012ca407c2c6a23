package tickets.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A single-node Kafka broker and controller (KRaft) on loopback. */
public class KafkaServer extends ProcessComponent {

    private final ProjectLayout layout;
    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final Path logDir;
    private final List<String> jvmOptions;

    /** {@code jvmOptions}: added to the broker's JVM (e.g. its JIT). */
    public KafkaServer(ProjectLayout layout, int port, int controllerPort, Path dataDir, Path logDir, List<String> jvmOptions) {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.layout = layout;
        this.port = port;
        this.controllerPort = controllerPort;
        this.dataDir = dataDir;
        this.logDir = logDir;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public void start() {
        process = ServerProcess.startJava(name(), layout.serverClasspath("kafka"), "tickets.devstack.kafka.KafkaMain",
                java.util.stream.Stream.concat(java.util.stream.Stream.of("-Xms256m", "-Xmx512m", "-XX:+UseG1GC"),
                        jvmOptions.stream()).toList(),
                List.of(Integer.toString(port), Integer.toString(controllerPort), dataDir.toString()),
                dataDir.getParent(), logDir.resolve("kafka.log"));
        process.awaitReadyLine(Duration.ofSeconds(120));
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public String endpoint() {
        return bootstrapServers();
    }
}

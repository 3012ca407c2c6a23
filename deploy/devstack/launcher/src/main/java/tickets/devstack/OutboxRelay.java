package tickets.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Debezium outbox relay: each service's outbox table to its Kafka topic. Can be stopped and restarted. Here the
 * embedded Debezium engine as a process of its own; with {@code -Pcontainers}, Debezium Connect from its image.
 */
public class OutboxRelay extends ProcessComponent {

    private final ProjectLayout layout;
    private final PostgresServer postgres;
    private final KafkaServer kafka;
    private final Path stateDir;
    private final Path logDir;
    private final List<String> services;
    private final Duration pollInterval;
    private final List<String> jvmOptions;

    /**
     * {@code pollInterval}: the connectors' poll.interval.ms instead of the configured one (null: as configured);
     * {@code jvmOptions}: added to the relay's JVM (e.g. its JIT).
     */
    public OutboxRelay(ProjectLayout layout, PostgresServer postgres, KafkaServer kafka, Path stateDir, Path logDir,
                       List<String> services, Duration pollInterval, List<String> jvmOptions) {
        this.pollInterval = pollInterval;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.layout = layout;
        this.postgres = postgres;
        this.kafka = kafka;
        this.stateDir = stateDir;
        this.logDir = logDir;
        this.services = List.copyOf(services);
    }

    protected ProjectLayout layout() {
        return layout;
    }

    protected PostgresServer postgres() {
        return postgres;
    }

    protected List<String> services() {
        return services;
    }

    @Override
    public String name() {
        return "outbox-relay";
    }

    @Override
    public void start() {
        if (process != null) {
            return;
        }
        List<String> args = new ArrayList<>(List.of(Integer.toString(postgres.port()), kafka.bootstrapServers(),
                stateDir.toString()));
        args.addAll(services);
        List<String> options = new ArrayList<>(List.of("-Xmx384m"));
        options.addAll(jvmOptions);
        if (pollInterval != null) {
            options.add("-D" + tickets.devstack.process.OutboxConnectorSettings.POLL_INTERVAL_PROPERTY + "=" + pollInterval.toMillis());
        }
        process = ServerProcess.startJava(name(), layout.serverClasspath("relay"), "tickets.devstack.relay.RelayMain",
                options, args, stateDir.getParent(), logDir.resolve("outbox-relay.log"));
        process.awaitReadyLine(Duration.ofSeconds(180));
    }

    @Override
    public String endpoint() {
        return "outbox of " + String.join(", ", services) + " -> <service>.events";
    }
}

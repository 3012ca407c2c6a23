package tickets.devstack.containers;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import tickets.devstack.KafkaServer;
import tickets.devstack.OutboxRelay;
import tickets.devstack.KeycloakServer;
import tickets.devstack.PostgresServer;
import tickets.devstack.ProjectLayout;
import tickets.devstack.ServerSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * PostgreSQL, Kafka, Debezium Connect and Keycloak from container images, for people with Docker: selected by
 * {@code -Dtickets.servers=containers} ({@code ./mvnw verify -Pcontainers}). Each is the devstack's component with
 * its own start, on a fixed host port where the devstack's addresses need one (the services and the tests reach them
 * exactly as they reach the devstack's processes). The outbox relay is Debezium Connect with one connector per
 * database from the shared connector settings, reaching PostgreSQL and Kafka on one network of their own.
 */
public final class ContainerServers implements ServerSource {

    /** The servers' network: Debezium Connect reaches PostgreSQL and Kafka by name on it. */
    private static final Network NETWORK = Network.newNetwork();

    @Override
    public PostgresServer postgres(ProjectLayout layout, List<String> databases) {
        return new ContainerPostgres(layout, tickets.devstack.Ports.free(), NETWORK, scratch(), databases);
    }

    @Override
    public KafkaServer kafka(ProjectLayout layout) {
        return new ContainerKafka(layout, NETWORK, scratch());
    }

    @Override
    public OutboxRelay relay(ProjectLayout layout, PostgresServer postgres, KafkaServer kafka, List<String> services) {
        if (!(kafka instanceof ContainerKafka broker)) {
            throw new IllegalStateException("Debezium Connect from its image needs Kafka from its image as well");
        }
        return new ContainerRelay(layout, postgres, broker, NETWORK, services, scratch());
    }

    /** Stops a container if it was started; for every component's close. */
    static void stop(GenericContainer<?> container) {
        if (container != null) {
            container.stop();
        }
    }

    @Override
    public KeycloakServer keycloak(ProjectLayout layout) {
        return new ContainerKeycloak(layout, tickets.devstack.Ports.free(), tickets.devstack.Ports.free(), scratch());
    }

    /**
     * Binds container ports to chosen ports of this machine, as the devstack's server would listen:
     * pairs of (host port, container port), all in one binding list.
     */
    static Consumer<CreateContainerCmd> bind(int... hostThenContainerPorts) {
        List<PortBinding> bindings = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < hostThenContainerPorts.length; i += 2) {
            bindings.add(new PortBinding(com.github.dockerjava.api.model.Ports.Binding.bindPort(hostThenContainerPorts[i]),
                    new ExposedPort(hostThenContainerPorts[i + 1])));
        }
        return command -> command.getHostConfig().withPortBindings(bindings);
    }

    /** The devstack components want a data and log directory; a container keeps its own. */
    private static Path scratch() {
        try {
            return Files.createTempDirectory("tickets-container-server");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

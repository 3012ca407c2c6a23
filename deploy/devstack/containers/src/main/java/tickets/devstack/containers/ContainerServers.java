package tickets.devstack.containers;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import tickets.devstack.KafkaServer;
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
 * PostgreSQL, Kafka and Keycloak from container images, for people with Docker: selected by
 * {@code -Dtickets.servers=containers} ({@code ./mvnw verify -Pcontainers}). Each is the devstack's component with
 * its own start, on a fixed host port where the devstack's addresses need one (the services, the relay and the
 * tests reach them exactly as they reach the devstack's processes). The outbox relay stays the devstack's
 * embedded Debezium with the same connector settings; the tests that restart servers under faults need the devstack.
 */
public final class ContainerServers implements ServerSource {

    @Override
    public PostgresServer postgres(ProjectLayout layout, List<String> databases) {
        return new ContainerPostgres(layout, tickets.devstack.Ports.free(), scratch(), databases);
    }

    @Override
    public KafkaServer kafka(ProjectLayout layout) {
        return new ContainerKafka(layout, scratch());
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

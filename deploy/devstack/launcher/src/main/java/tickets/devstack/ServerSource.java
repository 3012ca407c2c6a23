package tickets.devstack;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Where PostgreSQL, Kafka and Keycloak come from when not from this machine's processes: with
 * {@code -Dtickets.servers=containers} (the Maven profile {@code containers}, for people with Docker), from container
 * images (deploy/devstack/containers), the outbox relay from Debezium Connect's. Everything else (the services, the
 * tests) is the same, since a container server is the same component with its own start and addresses.
 */
public interface ServerSource {

    PostgresServer postgres(ProjectLayout layout, List<String> databases);

    KafkaServer kafka(ProjectLayout layout);

    KeycloakServer keycloak(ProjectLayout layout);

    /** The outbox relay of {@code services}' databases in {@code postgres} to {@code kafka}, with the shared connector settings. */
    OutboxRelay relay(ProjectLayout layout, PostgresServer postgres, KafkaServer kafka, List<String> services);

    /** The source {@code tickets.servers} selects, or empty for the devstack's own processes (the default). */
    static Optional<ServerSource> selected() {
        String servers = System.getProperty("tickets.servers", "devstack").strip();
        if (servers.isEmpty() || servers.equals("devstack")) {
            return Optional.empty();
        }
        if (!servers.equals("containers")) {
            throw new IllegalStateException("tickets.servers is devstack (the default) or containers, not " + servers);
        }
        return Optional.of(ServiceLoader.load(ServerSource.class).findFirst().orElseThrow(() -> new IllegalStateException(
                "tickets.servers=containers needs deploy/devstack/containers on the class path: run with -Pcontainers")));
    }
}

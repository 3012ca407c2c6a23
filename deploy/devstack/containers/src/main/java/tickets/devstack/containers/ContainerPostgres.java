package tickets.devstack.containers;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import tickets.devstack.PostgresServer;
import tickets.devstack.ProjectLayout;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** PostgreSQL from its image (the devstack's major version), configured as the devstack's: logical decoding, one database per service. */
final class ContainerPostgres extends PostgresServer {

    /** Where the other containers (Debezium Connect) reach it on the servers' network, on port 5432. */
    static final String NETWORK_ALIAS = "postgres";

    /** The devstack's PostgreSQL major version (zonky.binaries.version in deploy/devstack/pom.xml). */
    static final String IMAGE = "postgres:17";

    private final List<String> databases;
    private final Network network;
    private GenericContainer<?> container;

    ContainerPostgres(ProjectLayout layout, int hostPort, Network network, Path scratch, List<String> databases) {
        super(layout, hostPort, scratch, scratch, databases);
        this.databases = List.copyOf(databases);
        this.network = network;
    }

    @Override
    public void start() {
        // the devstack's user postgres signs in without a password on loopback; trust does the same here
        container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                .withCommand("postgres", "-c", "wal_level=logical", "-c", "max_replication_slots=24", "-c", "max_wal_senders=24",
                        "-c", "max_connections=300", "-c", "max_locks_per_transaction=512", "-c", "track_commit_timestamp=on")
                .withNetwork(network).withNetworkAliases(NETWORK_ALIAS)
                .withExposedPorts(5432)
                .withCreateContainerCmdModifier(ContainerServers.bind(port(), 5432))
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2));
        container.start();
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/postgres",
                "postgres", ""); Statement sql = connection.createStatement()) {
            for (String database : databases) {
                sql.execute("create database " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the services' databases in the PostgreSQL container", e);
        }
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

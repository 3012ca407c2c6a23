package tickets.devstack.containers;

import org.testcontainers.containers.GenericContainer;
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

/** PostgreSQL 17 from its image, configured as the devstack's: logical decoding, one database per service. */
final class ContainerPostgres extends PostgresServer {

    private final List<String> databases;
    private GenericContainer<?> container;

    ContainerPostgres(ProjectLayout layout, int hostPort, Path scratch, List<String> databases) {
        super(layout, hostPort, scratch, scratch, databases);
        this.databases = List.copyOf(databases);
    }

    @Override
    public void start() {
        // the devstack's user postgres signs in without a password on loopback; trust does the same here
        container = new GenericContainer<>(DockerImageName.parse("postgres:17"))
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                .withCommand("postgres", "-c", "wal_level=logical", "-c", "max_replication_slots=24", "-c", "max_wal_senders=24",
                        "-c", "max_connections=300", "-c", "track_commit_timestamp=on")
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
        if (container != null) {
            container.stop();
            container = null;
        }
    }
}

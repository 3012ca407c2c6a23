package tickets.benchmarks;

import tickets.devstack.Devstack;
import tickets.devstack.Gateway;
import tickets.devstack.Ports;
import tickets.devstack.QuarkusService;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The servers a benchmark run needs, each a real process on free ports in a throw-away state
 * directory (so a running {@code ./platform.sh} is left alone): PostgreSQL, Kafka, the outbox
 * relay, Keycloak, reservations-service and carts-service, and the nginx gateway in front of carts,
 * as the local platform runs them (but with C2, as in production).
 */
final class Stack implements AutoCloseable {

    final Devstack devstack;
    final QuarkusService reservations;
    final QuarkusService carts;
    final String gatewayUrl;

    private Stack(Devstack devstack, QuarkusService reservations, QuarkusService carts, String gatewayUrl) {
        this.devstack = devstack;
        this.reservations = reservations;
        this.carts = carts;
        this.gatewayUrl = gatewayUrl;
    }

    static Stack start() {
        return start(Map.of());
    }

    /** @param serviceEnvironment extra environment of reservations-service (e.g. JAVA_TOOL_OPTIONS for a profile) */
    static Stack start(Map<String, String> serviceEnvironment) {
        Devstack devstack = Devstack.forTests().forPeakPerformance();
        try {
            List<String> databases = List.of("reservations", "carts");
            devstack.startPostgres(Ports.free(), databases);
            devstack.startKafka(Ports.free(), Ports.free());
            devstack.startRelay(databases);
            devstack.startKeycloak(Ports.free(), Ports.free());
            QuarkusService reservations = devstack.startService("reservations", Ports.free(), serviceEnvironment);
            QuarkusService carts = devstack.startService("carts", Ports.free());
            int gatewayPort = Ports.free();
            devstack.startGateway(gatewayPort, Map.of("carts", carts.baseUrl()), Gateway.EdgePolicy.withoutRateLimits());
            return new Stack(devstack, reservations, carts, "http://127.0.0.1:" + gatewayPort);
        } catch (RuntimeException e) {
            devstack.close();
            throw e;
        }
    }

    String kafka() {
        return devstack.kafka().bootstrapServers();
    }

    Connection database(String name) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("password", "postgres");
        props.setProperty("reWriteBatchedInserts", "true");
        return DriverManager.getConnection(devstack.postgres().jdbcUrl(name), props);
    }

    @Override
    public void close() {
        devstack.close();
    }

    /** Copies the servers' logs out of the throw-away state directory (call before close). */
    void keepLogs(java.nio.file.Path target) {
        try (var files = java.nio.file.Files.list(devstack.logDir())) {
            java.nio.file.Files.createDirectories(target);
            for (var file : files.toList()) {
                java.nio.file.Files.copy(file, target.resolve(file.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (java.io.IOException e) {
            System.out.println("logs not kept: " + e);
        }
    }
}

package tickets.devstack.containers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import tickets.devstack.OutboxRelay;
import tickets.devstack.PostgresServer;
import tickets.devstack.ProjectLayout;
import tickets.devstack.process.OutboxConnectorSettings;
import tickets.devstack.process.OutboxPublication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outbox relay as it runs on a cluster: Debezium Connect from its image, one connector per service database with
 * the settings of deploy/debezium/outbox-connector.properties (the file the embedded relay and the Kubernetes
 * connectors use), registered through Connect's REST API. Its offsets live in Kafka, so a stop and a start (the
 * fault tests restart the relay) go on where the connectors left off.
 */
final class ContainerRelay extends OutboxRelay {

    /** Debezium Connect, the devstack relay's Debezium version (debezium.version in pom.xml). */
    static final String IMAGE = "quay.io/debezium/connect:3.6.1.Final";

    private static final Duration CONNECTOR_START = Duration.ofMinutes(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Network network;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private GenericContainer<?> container;

    ContainerRelay(ProjectLayout layout, PostgresServer postgres, ContainerKafka kafka, Network network,
                   List<String> services, Path scratch) {
        super(layout, postgres, kafka, scratch, scratch, services, null, List.of());
        this.network = network;
    }

    @Override
    public void start() {
        if (container != null) {
            return;
        }
        container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withNetwork(network)
                .withEnv("BOOTSTRAP_SERVERS", ContainerKafka.NETWORK_LISTENER)
                .withEnv("GROUP_ID", "tickets-connect")
                .withEnv("CONFIG_STORAGE_TOPIC", "connect-configs")
                .withEnv("OFFSET_STORAGE_TOPIC", "connect-offsets")
                .withEnv("STATUS_STORAGE_TOPIC", "connect-status")
                .withEnv("CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR", "1")
                .withEnv("CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR", "1")
                .withEnv("CONNECT_STATUS_STORAGE_REPLICATION_FACTOR", "1")
                // as often as the embedded relay: a restart re-sends at most a second's records (the inboxes drop them)
                .withEnv("CONNECT_OFFSET_FLUSH_INTERVAL_MS", "1000")
                .withExposedPorts(8083)
                .waitingFor(Wait.forHttp("/connectors").forPort(8083).withStartupTimeout(Duration.ofMinutes(3)));
        container.start();
        String connect = "http://" + container.getHost() + ":" + container.getMappedPort(8083);
        for (String service : services()) {
            preparePublication(service);
            put(connect + "/connectors/outbox-" + service + "/config", json(connectorConfig(layout(), service)));
        }
        for (String service : services()) {
            awaitRunning(connect + "/connectors/outbox-" + service + "/status");
        }
    }

    /** The shared settings for one service, where its database is, and the publication prepared beforehand. */
    static Map<String, String> connectorConfig(ProjectLayout layout, String service) {
        Map<String, String> config = new TreeMap<>(sharedSettings(layout, service));
        config.put("database.hostname", ContainerPostgres.NETWORK_ALIAS);
        config.put("database.port", "5432");
        config.put("database.user", "postgres");
        config.put("database.password", "postgres");
        config.put("database.dbname", service);
        // the relay starts before the service migrates: the publication follows the outbox table once it exists
        config.put("publication.autocreate.mode", "disabled");
        config.put("slot.drop.on.stop", "false");
        config.put("tasks.max", "1");
        return config;
    }

    /** deploy/debezium/outbox-connector.properties filled in for {@code service}. */
    static Map<String, String> sharedSettings(ProjectLayout layout, String service) {
        try (var in = Files.newBufferedReader(layout.root().resolve("deploy/debezium/outbox-connector.properties"),
                StandardCharsets.ISO_8859_1)) {
            return OutboxConnectorSettings.forService(in, service);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void preparePublication(String service) {
        try (Connection connection = DriverManager.getConnection(postgres().jdbcUrl(service), "postgres", "")) {
            OutboxPublication.prepare(connection, service);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the outbox publication of " + service, e);
        }
    }

    private void put(String url, String body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Debezium Connect refused " + url + ": " + response.statusCode() + " "
                    + response.body());
        }
    }

    /** Until the connector and its one task run; a failed task is a failed start, with Connect's reason. */
    private void awaitRunning(String statusUrl) {
        long deadline = System.nanoTime() + CONNECTOR_START.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(statusUrl)).GET().build());
            last = response.body();
            if (response.statusCode() == 200 && running(last)) {
                return;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("outbox connector not running after " + CONNECTOR_START + ": " + last);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether Connect's status answer shows the connector and all its tasks RUNNING; a FAILED connector or task is a
     * failed start, with Connect's reason.
     */
    static boolean running(String statusJson) {
        JsonNode status;
        try {
            status = JSON.readTree(statusJson);
        } catch (JsonProcessingException e) {
            return false; // Connect answers before it has the connector's status: asked again
        }
        List<String> states = new ArrayList<>();
        states.add(status.path("connector").path("state").asText());
        status.path("tasks").forEach(task -> states.add(task.path("state").asText()));
        if (states.contains("FAILED")) {
            throw new IllegalStateException("outbox connector failed: " + statusJson);
        }
        return status.path("tasks").size() > 0 && states.stream().allMatch("RUNNING"::equals);
    }

    /** The registration body: the config as one flat JSON object of strings. */
    static String json(Map<String, String> config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public String endpoint() {
        return "Debezium Connect (" + IMAGE + "): outbox of " + String.join(", ", services()) + " -> <service>.events";
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

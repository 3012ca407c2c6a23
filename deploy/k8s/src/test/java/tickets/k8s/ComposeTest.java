package tickets.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/compose cannot run here (no Docker), so it is validated like the manifests: parsed, and every service,
 * image, address and environment variable cross-checked against the sources the devstack runs from.
 */
class ComposeTest {

    private static final Path COMPOSE = Manifests.ROOT.resolve("deploy/compose");
    /** Quarkus settings a deployment may set that no properties file of ours names (they have Quarkus's defaults). */
    private static final Set<String> QUARKUS_DEFAULTS = Set.of("quarkus.http.port", "quarkus.http.host", "quarkus.oidc.token.issuer",
            "quarkus.keycloak.admin-client.server-url");

    private static JsonNode compose;
    private static JsonNode services;

    @BeforeAll
    static void read() throws IOException {
        compose = Manifests.YAML.readTree(COMPOSE.resolve("compose.yaml").toFile());
        services = compose.path("services");
    }

    @Test
    void every_platform_service_runs_its_image_against_the_composes_own_servers() throws IOException {
        String version = Manifests.projectVersion();
        Set<String> databases = new HashSet<>();
        Matcher created = Pattern.compile("create database (\\w+);").matcher(Files.readString(COMPOSE.resolve("postgres/databases.sql")));
        while (created.find()) {
            databases.add(created.group(1));
        }
        for (String service : Manifests.services()) {
            JsonNode container = services.path(service);
            assertThat(container.isObject()).as(service + " is in compose.yaml").isTrue();
            assertThat(container.path("image").asText()).isEqualTo("tickets.local/tickets/" + service + "-service:" + version);
            JsonNode env = container.path("environment");
            URI database = URI.create(env.path("QUARKUS_DATASOURCE_REACTIVE_URL").asText());
            assertThat(services.has(database.getHost())).as(service + "'s database host").isTrue();
            assertThat(services.path(database.getHost()).path("image").asText()).startsWith("postgres:");
            assertThat(database.getPath()).isEqualTo("/" + service);
            assertThat(databases).as("databases.sql creates " + service).contains(service);
            assertThat(env.path("QUARKUS_DATASOURCE_JDBC_URL").asText()).isEqualTo("jdbc:" + database);
            String[] kafka = env.path("KAFKA_BOOTSTRAP_SERVERS").asText().split(":");
            assertThat(services.path(kafka[0]).path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText())
                    .contains("//" + kafka[0] + ":" + kafka[1]);
            assertThat(URI.create(env.path("QUARKUS_OIDC_AUTH_SERVER_URL").asText()).getHost()).isEqualTo("keycloak");
            assertThat(env.path("QUARKUS_OIDC_TOKEN_ISSUER").asText()).as("the issuer is the public one, as the gateway serves Keycloak")
                    .isEqualTo(keycloakHostname() + "/realms/tickets");
            assertThat(services.has(URI.create(env.path("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").asText()).getHost())).isTrue();
            assertThat(container.path("depends_on").has("postgres") && container.path("depends_on").has("kafka")
                    && container.path("depends_on").has("keycloak")).as(service + " waits for its servers").isTrue();
        }
    }

    /** Each variable sets a setting the service has (its own, the shared configuration's, or a Quarkus default): no typos. */
    @Test
    void every_environment_variable_of_a_service_sets_a_setting_the_service_has() throws IOException {
        Properties shared = properties(Manifests.ROOT.resolve("shared-eventsourcing/src/main/resources/META-INF/microprofile-config.properties"));
        for (String service : Manifests.services()) {
            Properties own = properties(Manifests.ROOT.resolve(service + "-service/src/main/resources/application.properties"));
            Set<String> known = new TreeSet<>();
            for (Properties source : new Properties[] {shared, own}) {
                for (String key : source.stringPropertyNames()) {
                    known.add(envName(key.replaceFirst("^%[a-z]+\\.", "")));
                    Matcher references = Pattern.compile("\\$\\{([A-Z_]+)").matcher(source.getProperty(key));
                    while (references.find()) {
                        known.add(references.group(1));
                    }
                }
            }
            QUARKUS_DEFAULTS.forEach(key -> known.add(envName(key)));
            services.path(service).path("environment").fieldNames().forEachRemaining(variable ->
                    assertThat(known).as(service + ": " + variable + " sets nothing this service reads").contains(variable));
        }
    }

    @Test
    void every_outbox_connector_says_what_the_local_relay_runs_with() throws IOException {
        assertThat(services.path("connect").path("image").asText()).as("the Debezium the relay runs")
                .isEqualTo("quay.io/debezium/connect:" + Manifests.rootPomValue("<debezium.version>([^<]+)</"));
        assertThat(services.path("kafka").path("image").asText()).isEqualTo("apache/kafka:" + Manifests.rootPomValue("<kafka.version>([^<]+)</"));
        assertThat(services.path("keycloak").path("image").asText())
                .isEqualTo("quay.io/keycloak/keycloak:" + Manifests.rootPomValue("<keycloak.version>([^<]+)</"));
        String databasesSql = Files.readString(COMPOSE.resolve("postgres/databases.sql"));
        for (String service : Manifests.services()) {
            JsonNode connector = Manifests.JSON.readTree(COMPOSE.resolve("connectors/outbox-" + service + ".json").toFile());
            Manifests.outboxConnectorSettings(service).forEach((key, value) ->
                    assertThat(connector.path(key).asText()).as(service + " " + key).isEqualTo(value));
            assertThat(connector.path("database.hostname").asText()).isEqualTo("postgres");
            assertThat(connector.path("database.dbname").asText()).isEqualTo(service);
            assertThat(connector.path("slot.drop.on.stop").asText()).isEqualTo("false");
            // the publication and slot exist before the connector or the service (databases.sql): the connector
            // uses them as they are, as on Kubernetes, where OutboxBootstrapTest runs the same SQL on PostgreSQL
            assertThat(connector.path("publication.autocreate.mode").asText()).isEqualTo("disabled");
            StringBuilder bootstrap = new StringBuilder("\\connect " + service + "\n");
            Manifests.databaseOf(Manifests.built("prod"), service).path("spec").path("bootstrap").path("initdb")
                    .path("postInitApplicationSQL")
                    .forEach(statement -> bootstrap.append(statement.asText().stripTrailing()).append(";\n"));
            assertThat(databasesSql).as(service + "'s bootstrap")
                    .contains("create database " + service + ";\n" + bootstrap);
        }
        assertThat(services.path("postgres").path("command").toString()).contains("wal_level=logical").contains("max_slot_wal_keep_size");
    }

    @Test
    void the_realm_is_the_devstacks_and_the_gateway_serves_the_same_route_table() throws IOException {
        assertThat(services.path("keycloak").path("volumes").toString()).contains("../keycloak/tickets-realm.json:");
        Map<String, String> expected = new TreeMap<>();
        for (String service : Manifests.services()) {
            expected.put("/api/" + service, service);
            expected.put("/api/admin/" + service, service);
        }
        expected.putAll(Manifests.extraRoutes());
        Map<String, String> routed = new TreeMap<>();
        Matcher location = Pattern.compile("location (?:= )?(/[^ ]*?)/? \\{ proxy_pass http://([a-z-]+):8080(/[^;]*)?;")
                .matcher(Files.readString(COMPOSE.resolve("gateway/nginx.conf")));
        while (location.find()) {
            routed.put(location.group(1), location.group(2));
            // Keycloak serves from its root: /auth/<path> is its /<path>, and only the paths the table names
            String upstreamPath = location.group(3) == null ? "" : location.group(3);
            assertThat(upstreamPath).as(location.group(1)).isEqualTo(location.group(2).equals("keycloak")
                    ? location.group(1).substring("/auth".length()) + "/" : "");
        }
        assertThat(routed).isEqualTo(expected);
        routed.values().forEach(target -> assertThat(services.has(target)).as(target + " is a compose service").isTrue());
    }

    private static String keycloakHostname() {
        for (JsonNode argument : services.path("keycloak").path("command")) {
            if (argument.asText().startsWith("--hostname=")) {
                return argument.asText().substring("--hostname=".length());
            }
        }
        throw new AssertionError("Keycloak's hostname is pinned");
    }

    private static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        return properties;
    }
}

package tickets.devstack.containers;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import tickets.devstack.KeycloakServer;
import tickets.devstack.ProjectLayout;

import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the container servers run with, checked without Docker: the devstack's versions, and Debezium Connect's
 * connectors with the shared settings (the same as deploy/compose's, which run the same image).
 */
class ContainerSettingsTest {

    private static final ProjectLayout LAYOUT = ProjectLayout.locate();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void the_images_are_the_devstack_servers_versions() throws Exception {
        String pom = Files.readString(LAYOUT.root().resolve("deploy/devstack/pom.xml"));

        assertThat(ContainerKafka.IMAGE).isEqualTo("apache/kafka:" + property(pom, "kafka.version"));
        assertThat(ContainerRelay.IMAGE).isEqualTo("quay.io/debezium/connect:" + property(pom, "debezium.version"));
        assertThat(KeycloakServer.VERSION).isEqualTo(property(pom, "keycloak.version"));
        String postgresMajor = property(pom, "zonky.binaries.version").split("\\.")[0];
        assertThat(ContainerPostgres.IMAGE).isEqualTo("postgres:" + postgresMajor);
    }

    @Test
    void each_connector_is_the_compose_connector() throws Exception {
        for (String service : new String[]{"carts", "orders", "reservations"}) {
            Map<String, String> config = ContainerRelay.connectorConfig(LAYOUT, service);
            Map<String, String> compose = JSON.readValue(LAYOUT.root()
                    .resolve("deploy/compose/connectors/outbox-" + service + ".json").toFile(), new TypeReference<>() {
            });

            // both use the publication and slot prepared before the connector runs (here by the relay's preparation,
            // in compose by the database's bootstrap SQL), so nothing a service writes first is lost
            assertThat(config).containsEntry("publication.autocreate.mode", "disabled");
            assertThat(config).isEqualTo(compose);
            assertThat(config).containsAllEntriesOf(ContainerRelay.sharedSettings(LAYOUT, service));
        }
    }

    @Test
    void the_registration_body_is_json_that_reads_back_as_the_config() throws Exception {
        Map<String, String> config = ContainerRelay.connectorConfig(LAYOUT, "orders");
        config.put("odd", "quote \" backslash \\ tab \t nul \u0000 é");

        Map<String, String> read = JSON.readValue(ContainerRelay.json(config), new TypeReference<>() {
        });

        assertThat(read).isEqualTo(config);
        assertThat(read.get("predicates.isOutboxRow.pattern")).isEqualTo("orders\\.public\\.outbox");
    }

    @Test
    void the_relay_is_started_only_when_the_connector_and_every_task_run() {
        String starting = """
                {"name":"outbox-orders","connector":{"state":"RUNNING","worker_id":"connect:8083"},"tasks":[],"type":"source"}""";
        String taskUnassigned = """
                {"name":"outbox-orders","connector":{"state":"RUNNING"},"tasks":[{"id":0,"state":"UNASSIGNED"}]}""";
        String running = """
                {"name":"outbox-orders","connector":{"state":"RUNNING"},
                 "tasks":[{"id":0,"state":"RUNNING","worker_id":"connect:8083"}],"type":"source"}""";
        String taskFailed = """
                {"name":"outbox-orders","connector":{"state":"RUNNING"},
                 "tasks":[{"id":0,"state":"FAILED","trace":"org.postgresql.util.PSQLException: no publication"}]}""";

        assertThat(ContainerRelay.running(starting)).as("no task yet").isFalse();
        assertThat(ContainerRelay.running(taskUnassigned)).isFalse();
        assertThat(ContainerRelay.running("not json yet")).isFalse();
        assertThat(ContainerRelay.running(running)).isTrue();
        assertThatThrownBy(() -> ContainerRelay.running(taskFailed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no publication");
    }

    private static String property(String pom, String name) {
        Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        assertThat(matcher.find()).as(name + " in deploy/devstack/pom.xml").isTrue();
        return matcher.group(1).strip();
    }
}

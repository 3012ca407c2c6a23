package tickets.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the operators themselves require of the resources we give them, beyond their CRD schemas: the rules of their
 * admission webhooks and reconcilers, each taken from the operator's source (cited per rule), checked on what each
 * overlay builds. A resource that breaks one is refused or silently ignored on a real cluster.
 */
class OperatorRulesTest {

    /** PostgreSQL's spellings of a true boolean setting (CloudNativePG parses them the same way). */
    private static final Set<String> POSTGRES_TRUE = Set.of("on", "true", "yes", "1");
    private static final Pattern POSTGRES_IMAGE_MAJOR = Pattern.compile(":(\\d+)(?:\\.\\d+)*(?:-.*)?$");

    /**
     * CloudNativePG 1.30, internal/webhook/v1/cluster_webhook.go, validateSynchronizeLogicalDecoding: a Cluster that
     * synchronises its logical slots to the replicas on PostgreSQL 17 or newer is refused unless
     * {@code hot_standby_feedback} and {@code sync_replication_slots} are on (older majors need the pg_failover_slots
     * extension instead).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void cloudnativepg_admits_every_cluster_that_synchronises_its_logical_slots(String overlay) {
        List<ObjectNode> clusters = Manifests.ofKind(Manifests.built(overlay), "Cluster");
        assertThat(clusters).isNotEmpty();
        for (ObjectNode cluster : clusters) {
            String name = cluster.path("metadata").path("name").asText();
            if (!cluster.path("spec").path("replicationSlots").path("highAvailability")
                    .path("synchronizeLogicalDecoding").asBoolean()) {
                continue;
            }
            assertThat(postgresMajor(cluster)).as(name + ": synchronised logical slots without pg_failover_slots")
                    .isGreaterThanOrEqualTo(17);
            JsonNode parameters = cluster.path("spec").path("postgresql").path("parameters");
            assertThat(isOn(parameters.path("hot_standby_feedback"))).as(name + ": hot_standby_feedback").isTrue();
            assertThat(isOn(parameters.path("sync_replication_slots"))).as(name + ": sync_replication_slots").isTrue();
        }
    }

    /**
     * PostgreSQL 17 synchronises to the standbys only the logical slots created as failover slots; Debezium creates its
     * slot so with {@code slot.failover} (PostgresConnectorConfig, "only supported when connecting to a primary server
     * of a Postgres cluster, version 17 or newer"). A switchover then finds each outbox connector's slot, and its
     * position, on the new primary: that takes all three, the connector's flag, the Cluster's synchronisation and the
     * settings the webhook above requires, not one flag.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void a_switchover_keeps_every_outbox_connector_s_slot(String overlay) {
        List<ObjectNode> built = Manifests.built(overlay);
        for (String service : Manifests.services()) {
            ObjectNode connector = Manifests.get(built, "KafkaConnector", "outbox-" + service);
            JsonNode config = connector.path("spec").path("config");
            assertThat(config.path("slot.failover").asText()).as(service + ": a failover slot").isEqualTo("true");
            assertThat(config.path("slot.drop.on.stop").asText()).as(service + ": the slot outlives the task").isEqualTo("false");
            String host = config.path("database.hostname").asText();
            ObjectNode database = Manifests.ofKind(built, "Cluster").stream()
                    .filter(c -> host.equals(c.path("metadata").path("name").asText() + "-rw"))
                    .findFirst().orElseThrow(() -> new AssertionError(service + ": no Cluster behind " + host));
            assertThat(postgresMajor(database)).as(service).isGreaterThanOrEqualTo(17);
            JsonNode highAvailability = database.path("spec").path("replicationSlots").path("highAvailability");
            assertThat(highAvailability.path("enabled").asBoolean(true) && highAvailability.path("synchronizeLogicalDecoding")
                    .asBoolean()).as(service + ": the replicas keep the logical slots").isTrue();
            JsonNode parameters = database.path("spec").path("postgresql").path("parameters");
            assertThat(isOn(parameters.path("sync_replication_slots")) && isOn(parameters.path("hot_standby_feedback")))
                    .as(service + ": the standbys synchronise failover slots").isTrue();
        }
    }

    /**
     * Strimzi's cluster operator reconciles a KafkaConnector only when the KafkaConnect its {@code strimzi.io/cluster}
     * label names carries {@code strimzi.io/use-connector-resources: "true"} ({@code isUseResources}: the annotation,
     * false when absent); otherwise the connectors are ignored and no outbox row ever reaches Kafka.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void strimzi_runs_every_connector_on_a_connect_cluster_that_uses_connector_resources(String overlay) {
        List<ObjectNode> built = Manifests.built(overlay);
        List<ObjectNode> connectors = Manifests.ofKind(built, "KafkaConnector");
        assertThat(connectors).hasSize(Manifests.services().size());
        for (ObjectNode connector : connectors) {
            String cluster = connector.path("metadata").path("labels").path("strimzi.io/cluster").asText();
            ObjectNode connect = Manifests.get(built, "KafkaConnect", cluster);
            assertThat(connect.path("metadata").path("annotations").path("strimzi.io/use-connector-resources").asText()
                    .toLowerCase(Locale.ROOT)).as(cluster + " runs its KafkaConnectors").isEqualTo("true");
        }
    }

    @Test
    void the_rules_read_postgresql_settings_as_postgresql_does() {
        assertThat(isOn(Manifests.JSON.getNodeFactory().textNode("ON"))).isTrue();
        assertThat(isOn(Manifests.JSON.getNodeFactory().booleanNode(true))).isTrue();
        assertThat(isOn(Manifests.JSON.getNodeFactory().textNode("off"))).isFalse();
        assertThat(isOn(Manifests.JSON.missingNode())).isFalse();
        ObjectNode cluster = Manifests.JSON.createObjectNode();
        cluster.putObject("spec").put("imageName", "ghcr.io/cloudnative-pg/postgresql:16.4-standard-bookworm");
        assertThat(postgresMajor(cluster)).isEqualTo(16);
    }

    private static boolean isOn(JsonNode setting) {
        return !setting.isMissingNode() && !setting.isNull()
                && POSTGRES_TRUE.contains(setting.asText().strip().toLowerCase(Locale.ROOT));
    }

    /** The major version of a Cluster's PostgreSQL, from its image tag (the operator's default is not assumed). */
    private static int postgresMajor(ObjectNode cluster) {
        String image = cluster.path("spec").path("imageName").asText();
        Matcher tag = POSTGRES_IMAGE_MAJOR.matcher(image);
        assertThat(tag.find()).as("a PostgreSQL image with a version tag: " + image).isTrue();
        return Integer.parseInt(tag.group(1));
    }
}

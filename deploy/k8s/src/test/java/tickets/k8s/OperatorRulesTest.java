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

    /**
     * Production archives every database's WAL and takes a nightly base backup through the Barman Cloud plugin:
     * CloudNativePG 1.30 warns that the in-tree {@code spec.backup.barmanObjectStore} "will be completely removed in
     * CloudNativePG 1.31.0" (internal/webhook/v1/cluster_webhook.go, getInTreeBarmanWarnings). The plugin
     * (plugin-barman-cloud 0.14, internal/cnpgi/metadata/constants.go PluginName; operator/config/config.go Validate)
     * acts on a Cluster's {@code plugins} entry of its name and refuses one without {@code barmanObjectName}; a
     * ScheduledBackup reaches it only with {@code method: plugin} and that name. Development has none of it: a laptop
     * has no bucket, and a WAL archiver that cannot archive keeps every WAL segment until the disk is full.
     */
    @Test
    void production_backs_up_every_database_through_the_barman_cloud_plugin_and_development_archives_nothing() {
        String plugin = "barman-cloud.cloudnative-pg.io";
        List<ObjectNode> prod = Manifests.built("prod");
        List<ObjectNode> clusters = Manifests.ofKind(prod, "Cluster");
        assertThat(clusters).hasSize(Manifests.services().size() + 1);
        for (ObjectNode cluster : clusters) {
            String name = cluster.path("metadata").path("name").asText();
            assertThat(cluster.path("spec").path("backup").path("barmanObjectStore").isMissingNode()).as(name).isTrue();
            List<JsonNode> archivers = cluster.path("spec").path("plugins").valueStream()
                    .filter(p -> p.path("isWALArchiver").asBoolean()).toList();
            assertThat(archivers).as(name + ": one WAL archiver").hasSize(1);
            assertThat(archivers.getFirst().path("name").asText()).isEqualTo(plugin);
            String store = archivers.getFirst().path("parameters").path("barmanObjectName").asText();
            ObjectNode objectStore = Manifests.get(prod, "ObjectStore", store);
            JsonNode s3 = objectStore.path("spec").path("configuration").path("s3Credentials");
            assertThat(List.of(s3.path("accessKeyId").path("name").asText(), s3.path("secretAccessKey").path("name").asText()))
                    .containsOnly("backup-credentials");
            assertThat(objectStore.path("spec").path("retentionPolicy").asText()).matches("[1-9][0-9]*[dwm]");

            List<ObjectNode> nightly = Manifests.ofKind(prod, "ScheduledBackup").stream()
                    .filter(b -> b.path("spec").path("cluster").path("name").asText().equals(name)).toList();
            assertThat(nightly).as(name + ": a scheduled base backup").hasSize(1);
            JsonNode backup = nightly.getFirst().path("spec");
            assertThat(backup.path("method").asText()).isEqualTo("plugin");
            assertThat(backup.path("pluginConfiguration").path("name").asText()).isEqualTo(plugin);
            // CloudNativePG's schedule has six fields, seconds first (robfig/cron with seconds): five would mean
            // "every minute at the given second", not a daily backup
            assertThat(backup.path("schedule").asText().split(" ")).hasSize(6).startsWith("0");
        }

        List<ObjectNode> dev = Manifests.built("dev");
        assertThat(Manifests.ofKind(dev, "Cluster")).isNotEmpty().allSatisfy(cluster -> {
            assertThat(cluster.path("spec").path("plugins").isMissingNode()).isTrue();
            assertThat(cluster.path("spec").path("backup").isMissingNode()).isTrue();
        });
        assertThat(Manifests.ofKind(dev, "ScheduledBackup")).isEmpty();
        assertThat(Manifests.ofKind(dev, "ObjectStore")).isEmpty();
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

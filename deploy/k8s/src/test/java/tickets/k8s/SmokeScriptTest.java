package tickets.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/k8s/smoke.sh cannot run here (no container engine), so what it relies on is checked offline: it installs the
 * operator versions the manifests were checked against, and every resource it waits for is one the dev overlay makes.
 */
class SmokeScriptTest {

    private static final Map<String, String> KINDS = Map.of("kafka", "Kafka", "kafkaconnect", "KafkaConnect",
            "keycloak", "Keycloak", "keycloakrealmimport", "KeycloakRealmImport", "gateway", "Gateway",
            "certificate", "Certificate");

    @Test
    void it_installs_the_operator_versions_the_manifests_are_checked_against() throws IOException {
        String smoke = Files.readString(Manifests.K8S.resolve("smoke.sh"));
        String crds = Files.readString(Manifests.K8S.resolve("src/test/resources/crds/README.md"));
        assertThat(version("STRIMZI", smoke)).isEqualTo(Manifests.firstMatch("<strimzi.version>([^<]+)<",
                Files.readString(Manifests.K8S.resolve("pom.xml"))));
        assertThat(crds).contains("strimzi-kafka-operator").contains("| " + version("STRIMZI", smoke) + " (");
        assertThat(crds).contains("cloudnative-pg/cloudnative-pg `config/crd/bases/` | v" + version("CLOUDNATIVE_PG", smoke) + " (");
        assertThat(version("KEYCLOAK_OPERATOR", smoke)).isEqualTo(Manifests.rootPomValue("<keycloak.version>([^<]+)</keycloak.version>"));
        assertThat(crds).contains("cert-manager/cert-manager `deploy/crds/` | " + version("CERT_MANAGER", smoke) + " (");
        assertThat(smoke).contains("Gateway API " + Manifests.firstMatch("kubernetes-sigs/gateway-api `config/crd/standard/` \\| v(\\S+) ", crds));
    }

    @Test
    void every_resource_it_waits_for_is_one_the_dev_overlay_makes() throws IOException {
        String smoke = Files.readString(Manifests.K8S.resolve("smoke.sh"));
        List<ObjectNode> dev = Manifests.built("dev");
        Matcher waits = Pattern.compile("(?m)^\\s*wait_for \\d+ ([a-z]+)/([a-z0-9-]+) ").matcher(smoke);
        int checked = 0;
        while (waits.find()) {
            String kind = KINDS.get(waits.group(1));
            assertThat(kind).as("a kind the test knows: " + waits.group(1)).isNotNull();
            assertThat(Manifests.find(dev, kind, waits.group(2))).as(kind + " " + waits.group(2)).isPresent();
            checked++;
        }
        assertThat(checked).isEqualTo(KINDS.size());
        // it waits for each outbox connector by count, and loads the images the dev overlay runs
        assertThat(smoke).contains("-eq " + Manifests.ofKind(dev, "KafkaConnector").size() + " ]");
        assertThat(Manifests.ofKind(dev, "KafkaConnector")).hasSize(Manifests.services().size());
        assertThat(smoke).contains("grep '^tickets.local/'");
        // the GatewayClass it creates is the one the Gateway names
        assertThat(smoke).contains("kind: GatewayClass\nmetadata:\n  name: "
                + Manifests.get(dev, "Gateway", "tickets").path("spec").path("gatewayClassName").asText() + "\n");
    }

    private static String version(String variable, String script) {
        return Manifests.firstMatch("(?m)^" + variable + "=(\\S+)", script);
    }
}

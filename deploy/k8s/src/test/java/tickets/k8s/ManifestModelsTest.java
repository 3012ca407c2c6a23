package tickets.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every manifest, as committed and as each overlay builds it, reads as the model of its kind. */
class ManifestModelsTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void every_manifest_an_overlay_builds_reads_as_its_kind(String overlay) {
        List<ObjectNode> built = Manifests.built(overlay);

        assertThat(built).hasSizeGreaterThan(100);
        List<String> problems = new ArrayList<>();
        for (ObjectNode manifest : built) {
            KindModels.problems(manifest).forEach(problem -> problems.add(describe(manifest) + ": " + problem));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void every_committed_manifest_file_reads_as_its_kind() throws IOException {
        List<String> problems = new ArrayList<>();
        int manifests = 0;
        try (Stream<Path> files = Files.walk(Manifests.K8S.resolve("base"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kustomization.yaml")
                    && !f.endsWith("kustomizeconfig.yaml")).sorted().toList()) {
                for (ObjectNode manifest : Manifests.parse(Files.readString(file))) {
                    manifests++;
                    KindModels.problems(manifest).forEach(problem ->
                            problems.add(Manifests.K8S.relativize(file) + " " + describe(manifest) + ": " + problem));
                }
            }
        }
        assertThat(manifests).isGreaterThan(100);
        assertThat(problems).isEmpty();
    }

    /** The checks above would pass on anything if the models let everything through: they do not. */
    @Test
    void a_misspelt_field_is_found_in_a_core_kind_a_strimzi_kind_and_a_kind_known_by_its_schema() throws IOException {
        ObjectNode deployment = Manifests.get(Manifests.built("prod"), "Deployment", "orders-service").deepCopy();
        ((ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0))
                .set("readinesProbe", deployment.path("spec").path("template").path("spec").path("containers").get(0).path("readinessProbe"));
        assertThat(KindModels.problems(deployment)).singleElement().asString()
                .contains("readinesProbe").contains(".spec.template.spec.containers[0]");

        ObjectNode topic = Manifests.get(Manifests.built("prod"), "KafkaTopic", "orders.events").deepCopy();
        ((ObjectNode) topic.path("spec")).put("replica", 3);
        assertThat(KindModels.problems(topic)).anySatisfy(problem -> assertThat(problem).contains("replica"));

        ObjectNode cluster = Manifests.get(Manifests.built("prod"), "Cluster", "orders-db").deepCopy();
        ((ObjectNode) cluster.path("spec")).put("instance", 3);
        assertThat(KindModels.problems(cluster)).singleElement().asString().contains("instance");

        ObjectNode route = Manifests.get(Manifests.built("prod"), "HTTPRoute", "orders").deepCopy();
        ((ObjectNode) route.path("spec").path("rules").get(0).path("matches").get(0).path("path")).put("type", "Prefix");
        assertThat(KindModels.problems(route)).anySatisfy(problem -> assertThat(problem).contains("Prefix"));

        ObjectNode unknownKind = Manifests.JSON.createObjectNode().put("apiVersion", "example.com/v1").put("kind", "Widget");
        unknownKind.putObject("metadata").put("name", "w");
        assertThat(KindModels.problems(unknownKind)).singleElement().asString().contains("no typed model knows");
    }

    private static String describe(ObjectNode manifest) {
        return manifest.path("kind").asText() + " " + manifest.path("metadata").path("name").asText();
    }
}

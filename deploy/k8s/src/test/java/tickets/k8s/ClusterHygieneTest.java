package tickets.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a cluster's controllers and admission do with what the overlays build, beyond any schema: who owns a
 * Deployment's replica count, which pods the namespace admits, and which kustomize fields still mean what they say.
 */
class ClusterHygieneTest {

    /**
     * An HPA owns its Deployment's replica count: a {@code replicas} in the manifest resets it to that number on every
     * apply (a rollout during a sale scales the service down), so a Deployment an HPA scales declares none.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void a_deployment_an_autoscaler_scales_leaves_its_replica_count_to_the_autoscaler(String overlay) {
        List<ObjectNode> built = Manifests.built(overlay);
        List<ObjectNode> autoscalers = Manifests.ofKind(built, "HorizontalPodAutoscaler");
        assertThat(autoscalers).hasSizeGreaterThanOrEqualTo(Manifests.services().size());
        for (ObjectNode autoscaler : autoscalers) {
            JsonNode target = autoscaler.path("spec").path("scaleTargetRef");
            ObjectNode deployment = Manifests.get(built, target.path("kind").asText(), target.path("name").asText());
            assertThat(deployment.path("spec").has("replicas")).as(target.path("name").asText() + " declares replicas")
                    .isFalse();
            assertThat(autoscaler.path("spec").path("minReplicas").asInt()).as(target.path("name").asText()).isPositive();
        }
    }

    /**
     * The namespace enforces Pod Security Admission's baseline (the operators' pods run there too) and warns of what
     * the restricted profile refuses; the pods the platform itself writes meet the restricted profile
     * (kubernetes.io/docs/concepts/security/pod-security-standards: non-root, a RuntimeDefault or Localhost seccomp
     * profile, no privilege escalation, every capability dropped, nothing of the host).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void the_namespace_enforces_the_baseline_and_the_platforms_own_pods_meet_the_restricted_profile(String overlay) {
        List<ObjectNode> built = Manifests.built(overlay);
        JsonNode labels = Manifests.get(built, "Namespace", "tickets").path("metadata").path("labels");
        assertThat(labels.path("pod-security.kubernetes.io/enforce").asText()).isIn("baseline", "restricted");
        assertThat(labels.path("pod-security.kubernetes.io/warn").asText()).isEqualTo("restricted");

        List<ObjectNode> workloads = new ArrayList<>(Manifests.ofKind(built, "Deployment"));
        workloads.addAll(Manifests.ofKind(built, "StatefulSet"));
        workloads.addAll(Manifests.ofKind(built, "DaemonSet"));
        assertThat(workloads).isNotEmpty();
        for (ObjectNode workload : workloads) {
            String name = workload.path("metadata").path("name").asText();
            JsonNode pod = workload.path("spec").path("template").path("spec");
            for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
                assertThat(pod.path(host).asBoolean()).as(name + " " + host).isFalse();
            }
            pod.path("volumes").forEach(volume -> assertThat(volume.has("hostPath")).as(name + " hostPath").isFalse());
            List<JsonNode> containers = new ArrayList<>();
            pod.path("initContainers").forEach(containers::add);
            pod.path("containers").forEach(containers::add);
            for (JsonNode container : containers) {
                String which = name + "/" + container.path("name").asText();
                JsonNode own = container.path("securityContext");
                JsonNode podLevel = pod.path("securityContext");
                assertThat(own.path("runAsNonRoot").asBoolean(podLevel.path("runAsNonRoot").asBoolean()))
                        .as(which + " runs as non-root").isTrue();
                assertThat(own.path("runAsUser").asInt(podLevel.path("runAsUser").asInt(-1))).as(which + " not uid 0")
                        .isNotZero();
                String seccomp = own.path("seccompProfile").path("type")
                        .asText(podLevel.path("seccompProfile").path("type").asText());
                assertThat(seccomp).as(which + " seccomp").isIn("RuntimeDefault", "Localhost");
                assertThat(own.path("privileged").asBoolean()).as(which + " privileged").isFalse();
                assertThat(own.path("allowPrivilegeEscalation").asBoolean(true)).as(which + " privilege escalation")
                        .isFalse();
                List<String> dropped = new ArrayList<>();
                own.path("capabilities").path("drop").forEach(c -> dropped.add(c.asText()));
                assertThat(dropped).as(which + " drops every capability").contains("ALL");
                own.path("capabilities").path("add").forEach(c ->
                        assertThat(c.asText()).as(which + " adds a capability").isEqualTo("NET_BIND_SERVICE"));
            }
        }
    }

    /**
     * The dev overlay is for a laptop's kind or minikube cluster: everything the platform's namespace runs requests
     * at most 4 CPUs and 8 GiB together (the operators themselves run elsewhere). Every kind that runs pods is
     * counted, each with its own replica field, and each must say what it requests: a pod without requests would
     * make the sum meaningless.
     */
    @Test
    void the_dev_overlay_requests_what_a_laptop_cluster_has() {
        List<ObjectNode> built = Manifests.built("dev");
        double cpus = 0;
        double gibibytes = 0;
        Set<String> counted = Set.of("Deployment", "Cluster", "KafkaNodePool", "KafkaConnect", "Keycloak", "Kafka");
        Set<String> runPods = Set.of("StatefulSet", "DaemonSet", "Job", "CronJob", "Pooler", "KafkaBridge",
                "KafkaMirrorMaker2", "Pod", "ReplicaSet");
        for (ObjectNode resource : built) {
            String kind = resource.path("kind").asText();
            String name = kind + " " + resource.path("metadata").path("name").asText();
            JsonNode spec = resource.path("spec");
            assertThat(runPods).as(name + " runs pods this rule does not count").doesNotContain(kind);
            if (!counted.contains(kind)) {
                continue;
            }
            List<JsonNode> requests = new ArrayList<>();
            int copies = 1;
            switch (kind) {
                case "Deployment" -> {
                    copies = spec.path("replicas").asInt(autoscaledMinimum(built, resource.path("metadata").path("name").asText()));
                    spec.path("template").path("spec").path("containers").forEach(c -> requests.add(c.path("resources").path("requests")));
                    spec.path("template").path("spec").path("initContainers").forEach(c -> requests.add(c.path("resources").path("requests")));
                }
                case "Cluster", "Keycloak" -> {
                    copies = spec.path("instances").asInt(1);
                    requests.add(spec.path("resources").path("requests"));
                }
                case "KafkaNodePool", "KafkaConnect" -> {
                    copies = spec.path("replicas").asInt(1);
                    requests.add(spec.path("resources").path("requests"));
                }
                default -> { // Kafka: its brokers are the node pools; the entity operator is its own pod
                    assertThat(spec.has("cruiseControl") || spec.has("kafkaExporter")).as(name + " runs more pods").isFalse();
                    spec.path("entityOperator").properties().forEach(part -> requests.add(part.getValue().path("resources").path("requests")));
                }
            }
            for (JsonNode request : requests) {
                assertThat(request.has("cpu") && request.has("memory")).as(name + " says what it requests").isTrue();
                cpus += copies * cpus(request.path("cpu").asText());
                gibibytes += copies * bytes(request.path("memory").asText()) / (1L << 30);
            }
        }
        System.out.printf("[dev overlay] requests %.2f CPUs, %.2f GiB%n", cpus, gibibytes);
        assertThat(cpus).as("CPUs requested").isLessThanOrEqualTo(4.0);
        assertThat(gibibytes).as("GiB requested").isLessThanOrEqualTo(8.0);
    }

    /**
     * A slot may keep WAL up to max_slot_wal_keep_size before PostgreSQL gives it up: that, with the WAL PostgreSQL
     * keeps anyway, must fit the volume, or a stopped connector fills the disk before the cap can help.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void a_replication_slot_can_never_keep_more_wal_than_half_its_volume(String overlay) {
        for (ObjectNode cluster : Manifests.ofKind(Manifests.built(overlay), "Cluster")) {
            String name = cluster.path("metadata").path("name").asText();
            JsonNode cap = cluster.path("spec").path("postgresql").path("parameters").path("max_slot_wal_keep_size");
            if (cap.isMissingNode()) {
                assertThat(cluster.path("spec").path("postgresql").path("parameters").path("wal_level").asText())
                        .as(name + ": logical decoding without a cap on its slots' WAL").isNotEqualTo("logical");
                continue;
            }
            double volume = bytes(cluster.path("spec").path("storage").path("size").asText());
            assertThat(postgresBytes(cap.asText())).as(name + ": max_slot_wal_keep_size " + cap.asText()
                    + " on a volume of " + cluster.path("spec").path("storage").path("size").asText())
                    .isLessThanOrEqualTo(volume / 2);
        }
    }

    /**
     * Every replicated piece spreads its pods over nodes and zones (preferred, so a one-node dev cluster still runs
     * them all), each constraint selecting the labels its pods really carry: our Deployments' template labels;
     * Strimzi's strimzi.io/cluster, strimzi.io/pool-name and strimzi.io/kind (Strimzi 1.2, api ResourceLabels and
     * operator-common Labels); the Keycloak operator's app=keycloak and app.kubernetes.io/instance. CloudNativePG
     * spreads its instances by itself (preferred pod anti-affinity on the host unless enablePodAntiAffinity is false).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void every_replicated_piece_spreads_its_pods_over_nodes_and_zones(String overlay) {
        List<ObjectNode> built = Manifests.built(overlay);
        for (ObjectNode deployment : Manifests.ofKind(built, "Deployment")) {
            JsonNode template = deployment.path("spec").path("template");
            if (!deployment.path("metadata").path("name").asText().endsWith("-service")) {
                continue;
            }
            assertSpread(deployment, template.path("spec").path("topologySpreadConstraints"), template.path("metadata").path("labels"),
                    List.of("kubernetes.io/hostname"));
        }
        for (ObjectNode pool : Manifests.ofKind(built, "KafkaNodePool")) {
            ObjectNode labels = Manifests.JSON.createObjectNode()
                    .put("strimzi.io/cluster", pool.path("metadata").path("labels").path("strimzi.io/cluster").asText())
                    .put("strimzi.io/pool-name", pool.path("metadata").path("name").asText());
            assertSpread(pool, pool.path("spec").path("template").path("pod").path("topologySpreadConstraints"), labels, ZONES_AND_NODES);
        }
        for (ObjectNode connect : Manifests.ofKind(built, "KafkaConnect")) {
            ObjectNode labels = Manifests.JSON.createObjectNode()
                    .put("strimzi.io/cluster", connect.path("metadata").path("name").asText()).put("strimzi.io/kind", "KafkaConnect");
            assertSpread(connect, connect.path("spec").path("template").path("pod").path("topologySpreadConstraints"), labels, ZONES_AND_NODES);
        }
        for (ObjectNode keycloak : Manifests.ofKind(built, "Keycloak")) {
            ObjectNode labels = Manifests.JSON.createObjectNode()
                    .put("app", "keycloak").put("app.kubernetes.io/instance", keycloak.path("metadata").path("name").asText());
            assertSpread(keycloak, keycloak.path("spec").path("scheduling").path("topologySpreadConstraints"), labels, ZONES_AND_NODES);
        }
        assertThat(Manifests.ofKind(built, "Cluster")).allSatisfy(cluster ->
                assertThat(cluster.path("spec").path("affinity").path("enablePodAntiAffinity").asBoolean(true)).isTrue());
    }

    private static final List<String> ZONES_AND_NODES = List.of("kubernetes.io/hostname", "topology.kubernetes.io/zone");

    private static void assertSpread(ObjectNode owner, JsonNode constraints, JsonNode podLabels, List<String> topologies) {
        String name = owner.path("kind").asText() + " " + owner.path("metadata").path("name").asText();
        List<String> spreadOver = new ArrayList<>();
        for (JsonNode constraint : constraints) {
            assertThat(constraint.path("whenUnsatisfiable").asText()).as(name + ": preferred, never unschedulable")
                    .isEqualTo("ScheduleAnyway");
            JsonNode selector = constraint.path("labelSelector").path("matchLabels");
            assertThat(selector.isEmpty()).as(name + " selects its pods").isFalse();
            selector.properties().forEach(label -> assertThat(podLabels.path(label.getKey()).asText())
                    .as(name + ": its pods carry " + label.getKey()).isEqualTo(label.getValue().asText()));
            spreadOver.add(constraint.path("topologyKey").asText());
        }
        assertThat(spreadOver).as(name + " spreads over").containsAll(topologies);
    }

    @Test
    void quantities_are_read_as_kubernetes_and_postgresql_write_them() {
        assertThat(cpus("250m")).isEqualTo(0.25);
        assertThat(cpus("2")).isEqualTo(2.0);
        assertThat(bytes("512Mi")).isEqualTo(512.0 * (1 << 20));
        assertThat(bytes("2Gi")).isEqualTo(2.0 * (1L << 30));
        assertThat(bytes("1G")).isEqualTo(1e9);
        assertThat(postgresBytes("10GB")).isEqualTo(10.0 * (1L << 30)); // PostgreSQL's units are powers of 1024
        assertThat(postgresBytes("512MB")).isEqualTo(512.0 * (1 << 20));
    }

    private static int autoscaledMinimum(List<ObjectNode> built, String deployment) {
        return Manifests.ofKind(built, "HorizontalPodAutoscaler").stream()
                .filter(hpa -> hpa.path("spec").path("scaleTargetRef").path("name").asText().equals(deployment))
                .mapToInt(hpa -> hpa.path("spec").path("minReplicas").asInt(1)).findFirst().orElse(1);
    }

    /** A PostgreSQL size setting: kB, MB, GB and TB are powers of 1024 there. */
    private static double postgresBytes(String setting) {
        String value = setting.strip();
        for (String unit : new String[] {"kB", "MB", "GB", "TB"}) {
            if (value.endsWith(unit)) {
                return bytes(value.substring(0, value.length() - 2) + (unit.equals("kB") ? "Ki" : unit.charAt(0) + "i"));
            }
        }
        return bytes(value);
    }

    private static double cpus(String quantity) {
        return quantity.endsWith("m") ? Double.parseDouble(quantity.substring(0, quantity.length() - 1)) / 1000
                : Double.parseDouble(quantity);
    }

    private static double bytes(String quantity) {
        String[][] units = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"},
                {"k", "1000"}, {"K", "1000"}, {"M", "1000000"}, {"G", "1000000000"}, {"T", "1000000000000"}};
        for (String[] unit : units) {
            if (quantity.endsWith(unit[0])) {
                return Double.parseDouble(quantity.substring(0, quantity.length() - unit[0].length()))
                        * Double.parseDouble(unit[1]);
            }
        }
        return Double.parseDouble(quantity);
    }

    /**
     * kustomize 5 warns of {@code bases}, {@code patchesStrategicMerge}, {@code patchesJson6902}, {@code commonLabels}
     * and {@code vars} and will drop them; the overlays say the same with the fields that replace them.
     */
    @Test
    void no_kustomization_uses_a_field_kustomize_deprecated() throws IOException {
        Set<String> deprecated = Set.of("bases", "patchesStrategicMerge", "patchesJson6902", "commonLabels", "vars",
                "imageTags");
        List<Path> kustomizations;
        try (Stream<Path> files = Files.walk(Manifests.K8S)) {
            kustomizations = files.filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
                    .filter(f -> !f.toString().contains("/target/")).toList();
        }
        // the walk finds them all: the base, the overlays, the components
        assertThat(kustomizations).contains(Manifests.K8S.resolve("base/kustomization.yaml"),
                Manifests.K8S.resolve("overlays/dev/kustomization.yaml"), Manifests.K8S.resolve("overlays/prod/kustomization.yaml"),
                Manifests.K8S.resolve("components/backups/kustomization.yaml"),
                Manifests.K8S.resolve("components/edge-rate-limits/kustomization.yaml"));
        for (Path file : kustomizations) {
            JsonNode kustomization = Manifests.YAML.readTree(file.toFile());
            List<String> fields = new ArrayList<>();
            kustomization.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).as(Manifests.K8S.relativize(file).toString()).doesNotContainAnyElementsOf(deprecated);
        }
    }
}

package tickets.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads each manifest as the model of its kind and says what is wrong with it:
 * <ul>
 *   <li>core kinds and Strimzi's: fabric8's typed model (Strimzi's api module registered), and a field the model
 *   does not know is an error (the models keep unknown fields aside instead of refusing them);</li>
 *   <li>CloudNativePG (and its Barman Cloud plugin), cert-manager, Gateway API (and Envoy Gateway), Keycloak and the Prometheus operator: their CRDs' OpenAPI schemas (src/test/resources/crds, with their
 *   upstream versions in README there), where an object that lists its fields accepts no others, as the API
 *   server's pruning would silently drop them, and whose CEL rules ({@link CelRules}) must hold. Strimzi's kinds are
 *   checked against their CRDs as well.</li>
 * </ul>
 */
final class KindModels {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<String, JsonSchema> SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<String, JsonNode> CRDS = new java.util.concurrent.ConcurrentHashMap<>();

    static {
        for (Class<? extends KubernetesResource> kind : List.of(Kafka.class, KafkaNodePool.class, KafkaTopic.class,
                KafkaUser.class, KafkaConnect.class, KafkaConnector.class)) {
            SERIALIZATION.registerKubernetesResource(kind);
        }
    }

    /** The CRD schema files, by group and kind. */
    private static final Map<String, String> CRD_FILES = Map.ofEntries(
            Map.entry("postgresql.cnpg.io/Cluster", "postgresql.cnpg.io_clusters.json"),
            Map.entry("postgresql.cnpg.io/ScheduledBackup", "postgresql.cnpg.io_scheduledbackups.json"),
            Map.entry("barmancloud.cnpg.io/ObjectStore", "barmancloud.cnpg.io_objectstores.json"),
            Map.entry("cert-manager.io/Certificate", "cert-manager.io_certificates.json"),
            Map.entry("cert-manager.io/Issuer", "cert-manager.io_issuers.json"),
            Map.entry("gateway.networking.k8s.io/Gateway", "gateway.networking.k8s.io_gateways.json"),
            Map.entry("gateway.networking.k8s.io/HTTPRoute", "gateway.networking.k8s.io_httproutes.json"),
            Map.entry("gateway.networking.k8s.io/BackendTLSPolicy", "gateway.networking.k8s.io_backendtlspolicies.json"),
            Map.entry("gateway.envoyproxy.io/BackendTrafficPolicy", "gateway.envoyproxy.io_backendtrafficpolicies.json"),
            Map.entry("k8s.keycloak.org/Keycloak", "k8s.keycloak.org_keycloaks.json"),
            Map.entry("k8s.keycloak.org/KeycloakRealmImport", "k8s.keycloak.org_keycloakrealmimports.json"),
            Map.entry("kafka.strimzi.io/Kafka", "kafka.strimzi.io_kafkas.json"),
            Map.entry("kafka.strimzi.io/KafkaNodePool", "kafka.strimzi.io_kafkanodepools.json"),
            Map.entry("kafka.strimzi.io/KafkaTopic", "kafka.strimzi.io_kafkatopics.json"),
            Map.entry("kafka.strimzi.io/KafkaUser", "kafka.strimzi.io_kafkausers.json"),
            Map.entry("kafka.strimzi.io/KafkaConnect", "kafka.strimzi.io_kafkaconnects.json"),
            Map.entry("kafka.strimzi.io/KafkaConnector", "kafka.strimzi.io_kafkaconnectors.json"),
            Map.entry("monitoring.coreos.com/ServiceMonitor", "monitoring.coreos.com_servicemonitors.json"),
            Map.entry("monitoring.coreos.com/PrometheusRule", "monitoring.coreos.com_prometheusrules.json"));

    private KindModels() {
    }

    /** What is wrong with one manifest (empty when nothing is). */
    static List<String> problems(ObjectNode manifest) {
        String apiVersion = manifest.path("apiVersion").asText();
        String kind = manifest.path("kind").asText();
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        List<String> problems = new ArrayList<>();
        String crd = CRD_FILES.get(group + "/" + kind);
        if (crd != null) {
            problems.addAll(schemaProblems(crd, version, manifest));
        }
        if (crd == null || group.equals("kafka.strimzi.io")) {
            problems.addAll(typedProblems(manifest));
        }
        return problems;
    }

    private static List<String> typedProblems(ObjectNode manifest) {
        KubernetesResource typed;
        try {
            typed = SERIALIZATION.unmarshal(Manifests.JSON.writeValueAsString(manifest));
        } catch (RuntimeException | IOException e) {
            return List.of("does not read as its kind: " + e.getMessage());
        }
        if (typed instanceof GenericKubernetesResource || !(typed instanceof HasMetadata)) {
            return List.of("no typed model knows " + manifest.path("apiVersion").asText() + " " + manifest.path("kind").asText());
        }
        List<String> problems = new ArrayList<>();
        unknownFields(typed, "", problems, new IdentityHashMap<>());
        return problems;
    }

    /** Walks the typed object: every model object keeps the fields it does not know in additionalProperties. */
    private static void unknownFields(Object value, String path, List<String> problems, IdentityHashMap<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, path + "." + key, problems, seen));
            return;
        }
        String packageName = value.getClass().getPackageName();
        if (!packageName.startsWith("io.fabric8.kubernetes.api.model") && !packageName.startsWith("io.strimzi.api")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))
                    || getter.getDeclaringClass() == Object.class || getter.getReturnType().isPrimitive()) {
                continue;
            }
            Object field;
            try {
                field = getter.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add("unknown field" + (extra.size() > 1 ? "s " : " ") + extra.keySet() + " at " + (path.isEmpty() ? "/" : path));
                }
                continue;
            }
            String name = getter.getName().startsWith("is") ? getter.getName().substring(2) : getter.getName().substring(3);
            unknownFields(field, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), problems, seen);
        }
    }

    private static List<String> schemaProblems(String crdFile, String version, ObjectNode manifest) {
        JsonSchema schema = SCHEMAS.computeIfAbsent(crdFile + "@" + version, key -> loadSchema(crdFile, version));
        if (schema == null) {
            return List.of(crdFile + " serves no version " + version);
        }
        List<String> problems = schema.validate(manifest).stream().map(m -> "schema: " + m.getMessage()).sorted()
                .collect(Collectors.toList());
        problems.addAll(CelRules.problems(readCrd(crdFile).path("versions").path(version), manifest));
        return problems;
    }

    /** A vendored CRD, read once (its schema is checked and its CEL rules evaluated from the same tree). */
    private static JsonNode readCrd(String crdFile) {
        return CRDS.computeIfAbsent(crdFile, file -> {
            try (InputStream in = KindModels.class.getResourceAsStream("/crds/" + file)) {
                return Manifests.JSON.readTree(in);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static JsonSchema loadSchema(String crdFile, String version) {
        JsonNode schema = readCrd(crdFile).path("versions").path(version);
        if (schema.isMissingNode()) {
            return null;
        }
        ObjectNode strict = schema.deepCopy();
        // the fields every object has, which the API server knows without the CRD (some CRDs omit them)
        ObjectNode fields = strict.with("properties");
        fields.putObject("apiVersion").put("type", "string");
        fields.putObject("kind").put("type", "string");
        if (!fields.has("metadata")) {
            fields.putObject("metadata").put("type", "object");
        }
        closeObjects(strict);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(strict);
    }

    /**
     * An object schema that lists its properties admits no others, unless it says it keeps unknown fields
     * (x-kubernetes-preserve-unknown-fields) or describes its extra fields itself (additionalProperties).
     */
    private static void closeObjects(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        if (object.has("properties") && !object.has("additionalProperties")
                && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            object.put("additionalProperties", false);
        }
        object.path("properties").forEach(KindModels::closeObjects);
        closeObjects(object.get("additionalProperties"));
        JsonNode items = object.get("items");
        if (items != null && items.isArray()) {
            items.forEach(KindModels::closeObjects);
        } else {
            closeObjects(items);
        }
    }

    static Set<String> kindsWithSchema() {
        return CRD_FILES.keySet();
    }
}

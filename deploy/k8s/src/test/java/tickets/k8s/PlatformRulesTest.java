package tickets.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules a cluster needs that no schema can say: what the overlays build agrees with the services, the gateway
 * table, the local relay and the realm the devstack runs with.
 */
class PlatformRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void every_service_has_probes_resources_a_disruption_budget_an_autoscaler_and_a_service(String overlay) {
        List<ObjectNode> built = Manifests.built(overlay);
        for (String service : Manifests.services()) {
            String name = service + "-service";
            ObjectNode deployment = Manifests.get(built, "Deployment", name);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
            assertThat(pod.path("containers")).as(name).hasSize(1);
            JsonNode container = pod.path("containers").get(0);

            assertThat(container.path("startupProbe").path("httpGet").path("path").asText()).as(name).isEqualTo("/q/health/started");
            assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).as(name).isEqualTo("/q/health/live");
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).as(name).isEqualTo("/q/health/ready");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(containerPort(container, container.path(probe).path("httpGet").path("port").asText()))
                        .as(name + " " + probe + " port").isEqualTo(8080);
            }
            for (String bound : List.of("requests", "limits")) {
                assertThat(container.path("resources").path(bound).has("cpu")).as(name + " cpu " + bound).isTrue();
                assertThat(container.path("resources").path(bound).has("memory")).as(name + " memory " + bound).isTrue();
            }
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(name + " non-root").isTrue();
            assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).as(name + " read-only root").isTrue();
            assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).as(name).isFalse();

            ObjectNode budget = Manifests.get(built, "PodDisruptionBudget", name);
            assertThat(selects(budget.path("spec").path("selector").path("matchLabels"), podLabels)).as(name + " PDB").isTrue();
            ObjectNode autoscaler = Manifests.get(built, "HorizontalPodAutoscaler", name);
            assertThat(autoscaler.path("spec").path("scaleTargetRef").path("kind").asText()).isEqualTo("Deployment");
            assertThat(autoscaler.path("spec").path("scaleTargetRef").path("name").asText()).as(name + " HPA").isEqualTo(name);
            ObjectNode kubeService = Manifests.get(built, "Service", name);
            assertThat(selects(kubeService.path("spec").path("selector"), podLabels)).as(name + " Service").isTrue();
            if (overlay.equals("prod")) {
                assertThat(autoscaler.path("spec").path("minReplicas").asInt()).as(name + " replicas").isGreaterThanOrEqualTo(2);
                assertThat(budget.path("spec").path("minAvailable").asInt()).as(name + " PDB").isGreaterThanOrEqualTo(1);
            }
        }
    }

    /** X-Forwarded-* count only from the gateway: the services believe them from the pod network alone, which only the gateway reaches. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void only_the_gateway_and_monitoring_reach_a_services_http_port(String overlay) throws IOException {
        List<ObjectNode> built = Manifests.built(overlay);
        List<ObjectNode> policies = Manifests.ofKind(built, "NetworkPolicy");
        JsonNode gatewayLabels = Manifests.get(built, "Gateway", "tickets").path("spec").path("infrastructure").path("labels");
        assertThat(gatewayLabels.isEmpty()).as("the Gateway labels its proxies").isFalse();
        for (String service : Manifests.services()) {
            String trusted = configOf(built, service).getProperty("quarkus.http.proxy.trusted-proxies", "");
            assertThat(trusted).as(service).isNotBlank().doesNotContain("0.0.0.0/0").doesNotContain("*");
            JsonNode podLabels = Manifests.get(built, "Deployment", service + "-service").path("spec").path("template").path("metadata").path("labels");
            List<ObjectNode> covering = policies.stream().filter(p -> matchesExpressions(p.path("spec").path("podSelector"), podLabels)).toList();
            assertThat(covering).as(service + " has a NetworkPolicy").isNotEmpty();
            List<JsonNode> sources = new ArrayList<>();
            for (ObjectNode policy : covering) {
                assertThat(policy.path("spec").path("policyTypes").toString()).contains("Ingress");
                for (JsonNode rule : policy.path("spec").path("ingress")) {
                    assertThat(rule.path("from")).as("every source is named").isNotEmpty();
                    rule.path("from").forEach(sources::add);
                }
            }
            // the gateway's proxies, wherever its implementation runs them: in a namespace of their own (Envoy
            // Gateway) or beside the Gateway (Istio, NGINX Gateway Fabric), carrying the labels the Gateway asks its
            // infrastructure to carry (spec.infrastructure.labels)
            assertThat(sources).as(service + ": the gateway's own namespace").anySatisfy(source ->
                    assertThat(source.path("namespaceSelector").path("matchLabels").path("tickets.example.com/gateway").asText()).isEqualTo("true"));
            assertThat(sources).as(service + ": the gateway's proxies beside it").anySatisfy(source -> {
                assertThat(source.has("namespaceSelector")).isFalse();
                assertThat(source.path("podSelector").path("matchLabels")).isEqualTo(gatewayLabels);
            });
            for (JsonNode source : sources) {
                assertThat(source.has("ipBlock")).isFalse();
                if (source.has("namespaceSelector")) {
                    assertThat(source.path("namespaceSelector").path("matchLabels").fieldNames().next()).startsWith("tickets.example.com/");
                    assertThat(source.has("podSelector")).isFalse();
                } else if (!source.path("podSelector").path("matchLabels").equals(gatewayLabels)) {
                    // development only: the sandbox provider calls payments' webhook inside the cluster
                    assertThat(overlay + " " + service).isEqualTo("dev payments");
                    assertThat(source.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText())
                            .isEqualTo("payment-provider-sandbox");
                }
            }
        }
    }

    private static boolean matchesExpressions(JsonNode selector, JsonNode labels) {
        if (selector.path("matchLabels").isObject() && !selects(selector.path("matchLabels"), labels)) {
            return false;
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String value = labels.path(expression.path("key").asText()).asText(null);
            boolean in = value != null && toStrings(expression.path("values")).contains(value);
            if (!expression.path("operator").asText().equals("In") || !in) {
                return false;
            }
        }
        return selector.has("matchLabels") || selector.has("matchExpressions");
    }

    /**
     * Every hop to PostgreSQL is TLS, verified against the database's own CA and its host name: a service's reactive
     * client and its JDBC connection (Flyway), and the service's outbox connector. CloudNativePG makes that CA (the
     * Secret {@code <cluster>-ca}, its certificate under {@code ca.crt}, its key beside it, which nobody mounts) and a
     * server certificate naming the cluster's {@code -rw} service.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void every_hop_to_postgresql_is_tls_verified_against_the_databases_own_ca(String overlay) throws IOException {
        List<ObjectNode> built = Manifests.built(overlay);
        ObjectNode connect = Manifests.ofKind(built, "KafkaConnect").getFirst();
        for (String service : Manifests.services()) {
            String cluster = Manifests.databaseOf(built, service).path("metadata").path("name").asText();
            Properties config = configOf(built, service);
            assertThat(config.getProperty("quarkus.datasource.reactive.postgresql.ssl-mode")).as(service).isEqualTo("verify-full");
            assertThat(config.getProperty("quarkus.datasource.reactive.hostname-verification-algorithm")).isEqualTo("HTTPS");
            assertThat(config.getProperty("quarkus.datasource.reactive.trust-certificate-pem")).isEqualTo("true");
            String caFile = config.getProperty("quarkus.datasource.reactive.trust-certificate-pem.certs");
            java.net.URI jdbc = java.net.URI.create(config.getProperty("quarkus.datasource.jdbc.url").substring("jdbc:".length()));
            assertThat(jdbc.getHost()).isEqualTo(cluster + "-rw");
            assertThat(jdbc.getQuery().split("&")).containsExactlyInAnyOrder("sslmode=verify-full", "sslrootcert=" + caFile);
            JsonNode pod = Manifests.get(built, "Deployment", service + "-service").path("spec").path("template").path("spec");
            assertThat(secretFileAt(pod.path("volumes"), pod.path("containers").get(0).path("volumeMounts"), caFile))
                    .as(service + "'s CA file").isEqualTo(cluster + "-ca/ca.crt");

            JsonNode connector = Manifests.get(built, "KafkaConnector", "outbox-" + service).path("spec").path("config");
            assertThat(connector.path("database.hostname").asText()).isEqualTo(cluster + "-rw");
            assertThat(connector.path("database.sslmode").asText()).isEqualTo("verify-full");
            JsonNode template = connect.path("spec").path("template");
            assertThat(secretFileAt(template.path("pod").path("volumes"), template.path("connectContainer").path("volumeMounts"),
                    connector.path("database.sslrootcert").asText())).as(service + "'s connector CA file").isEqualTo(cluster + "-ca/ca.crt");
        }
    }

    /**
     * The gateway speaks TLS to Keycloak and verifies it (a BackendTLSPolicy on Keycloak's Service: the CA of the
     * Secret cert-manager writes for Keycloak, the host name that certificate names), and Keycloak speaks no plain
     * HTTP at all: no login, code or token crosses the cluster in clear.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void the_gateway_reaches_keycloak_over_tls_it_verifies_and_keycloak_speaks_no_plain_http(String overlay) {
        List<ObjectNode> built = Manifests.built(overlay);
        JsonNode http = Manifests.ofKind(built, "Keycloak").getFirst().path("spec").path("http");
        assertThat(http.path("httpEnabled").asBoolean(true)).as("Keycloak's plain HTTP port").isFalse();
        int httpsPort = http.path("httpsPort").asInt(8443);
        String service = keycloakService(built);
        int routed = 0;
        for (ObjectNode route : Manifests.ofKind(built, "HTTPRoute")) {
            for (JsonNode backend : route.path("spec").path("rules").findValues("backendRefs")) {
                for (JsonNode ref : backend) {
                    if (ref.path("name").asText().equals(service)) {
                        assertThat(ref.path("port").asInt()).as("the gateway to Keycloak").isEqualTo(httpsPort);
                        routed++;
                    }
                }
            }
        }
        assertThat(routed).isPositive();
        List<ObjectNode> policies = Manifests.ofKind(built, "BackendTLSPolicy").stream()
                .filter(policy -> policy.path("spec").path("targetRefs").findValuesAsText("name").contains(service)).toList();
        assertThat(policies).hasSize(1);
        JsonNode validation = policies.getFirst().path("spec").path("validation");
        JsonNode ca = validation.path("caCertificateRefs").get(0);
        assertThat(ca.path("kind").asText()).isEqualTo("Secret");
        assertThat(ca.path("name").asText()).as("the Secret of Keycloak's own certificate (its ca.crt)")
                .isEqualTo(http.path("tlsSecret").asText());
        ObjectNode certificate = Manifests.ofKind(built, "Certificate").stream()
                .filter(c -> c.path("spec").path("secretName").asText().equals(ca.path("name").asText())).findFirst()
                .orElseThrow();
        assertThat(toStrings(certificate.path("spec").path("dnsNames"))).as("the name the gateway checks")
                .contains(validation.path("hostname").asText());
    }

    /** Keycloak reaches its database as the services reach theirs: TLS, the host name and the cluster's own CA verified. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void keycloak_reaches_its_database_over_tls_it_verifies(String overlay) {
        List<ObjectNode> built = Manifests.built(overlay);
        JsonNode keycloak = Manifests.ofKind(built, "Keycloak").getFirst().path("spec");
        String cluster = keycloak.path("db").path("host").asText().replaceFirst("-rw$", "");
        assertThat(Manifests.find(built, "Cluster", cluster)).as("the database Keycloak names, read-write").isPresent();
        assertThat(keycloak.path("db").has("url")).as("the URL Keycloak makes from host and properties").isFalse();
        String properties = keycloak.path("additionalOptions").valueStream()
                .filter(option -> option.path("name").asText().equals("db-url-properties"))
                .map(option -> option.path("value").asText()).findFirst().orElse("");
        assertThat(properties).startsWith("?");
        assertThat(properties.substring(1).split("&")).contains("sslmode=verify-full");
        String caFile = java.util.Arrays.stream(properties.substring(1).split("&")).filter(p -> p.startsWith("sslrootcert="))
                .map(p -> p.substring("sslrootcert=".length())).findFirst().orElseThrow();
        JsonNode pod = keycloak.path("unsupported").path("podTemplate").path("spec");
        assertThat(secretFileAt(pod.path("volumes"), pod.path("containers").get(0).path("volumeMounts"), caFile))
                .as("Keycloak's CA file for its database").isEqualTo(cluster + "-ca/ca.crt");
    }

    /**
     * The services reach Keycloak inside the cluster over TLS they verify (the service client's secret and the realm's
     * keys never in clear): HTTPS to the Keycloak Service's TLS port, whose certificate cert-manager issues for that
     * Service's name from the platform's own CA, and whose CA certificate each service trusts from that very Secret.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void every_service_reaches_keycloak_over_tls_it_verifies(String overlay) throws IOException {
        List<ObjectNode> built = Manifests.built(overlay);
        JsonNode http = Manifests.ofKind(built, "Keycloak").getFirst().path("spec").path("http");
        String tlsSecret = http.path("tlsSecret").asText();
        ObjectNode certificate = Manifests.ofKind(built, "Certificate").stream()
                .filter(c -> c.path("spec").path("secretName").asText().equals(tlsSecret)).findFirst()
                .orElseThrow(() -> new AssertionError("no Certificate writes Keycloak's tlsSecret " + tlsSecret));
        // its issuer signs with a CA certificate of ours, itself issued (self-signed) by cert-manager
        ObjectNode issuer = Manifests.get(built, "Issuer", certificate.path("spec").path("issuerRef").path("name").asText());
        String caSecret = issuer.path("spec").path("ca").path("secretName").asText();
        assertThat(Manifests.ofKind(built, "Certificate")).anySatisfy(ca -> {
            assertThat(ca.path("spec").path("secretName").asText()).isEqualTo(caSecret);
            assertThat(ca.path("spec").path("isCA").asBoolean()).isTrue();
        });
        for (String service : Manifests.services()) {
            Properties config = configOf(built, service);
            List<String> urls = new ArrayList<>(List.of(config.getProperty("quarkus.oidc.auth-server-url")));
            if (config.getProperty("quarkus.keycloak.admin-client.server-url") != null) {
                urls.add(config.getProperty("quarkus.keycloak.admin-client.server-url"));
                assertThat(config.getProperty("quarkus.keycloak.admin-client.tls-configuration-name"))
                        .isEqualTo(config.getProperty("quarkus.oidc.tls.tls-configuration-name"));
            }
            for (String url : urls) {
                java.net.URI keycloak = java.net.URI.create(url);
                assertThat(keycloak.getScheme()).as(service + " " + url).isEqualTo("https");
                assertThat(keycloak.getPort()).isEqualTo(http.path("httpsPort").asInt(8443));
                assertThat(keycloak.getHost()).isEqualTo(keycloakService(built));
                assertThat(toStrings(certificate.path("spec").path("dnsNames"))).contains(keycloak.getHost());
            }
            String trust = config.getProperty("quarkus.tls." + config.getProperty("quarkus.oidc.tls.tls-configuration-name")
                    + ".trust-store.pem.certs");
            JsonNode pod = Manifests.get(built, "Deployment", service + "-service").path("spec").path("template").path("spec");
            assertThat(secretFileAt(pod.path("volumes"), pod.path("containers").get(0).path("volumeMounts"), trust))
                    .as(service + " trusts the CA that signed Keycloak's certificate").isEqualTo(tlsSecret + "/ca.crt");
        }
    }

    /** "secret/key" of the Secret item a container sees at {@code file}, or null when none is mounted there. */
    private static String secretFileAt(JsonNode volumes, JsonNode mounts, String file) {
        for (JsonNode mount : mounts) {
            String dir = mount.path("mountPath").asText();
            if (!file.startsWith(dir + "/")) {
                continue;
            }
            String item = file.substring(dir.length() + 1);
            for (JsonNode volume : volumes) {
                if (volume.path("name").asText().equals(mount.path("name").asText()) && volume.has("secret")) {
                    for (JsonNode projected : volume.path("secret").path("items")) {
                        if (projected.path("path").asText().equals(item)) {
                            return volume.path("secret").path("secretName").asText() + "/" + projected.path("key").asText();
                        }
                    }
                }
            }
        }
        return null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void every_service_reaches_its_own_database_and_the_kafka_cluster(String overlay) throws IOException {
        List<ObjectNode> built = Manifests.built(overlay);
        ObjectNode kafka = Manifests.ofKind(built, "Kafka").getFirst();
        JsonNode tls = kafka.path("spec").path("kafka").path("listeners").get(0);
        String bootstrap = kafka.path("metadata").path("name").asText() + "-kafka-bootstrap:" + tls.path("port").asInt();
        for (String service : Manifests.services()) {
            Properties config = configOf(built, service);
            ObjectNode database = Manifests.databaseOf(built, service);
            assertThat(config.getProperty("quarkus.datasource.reactive.url")).as(service)
                    .isEqualTo("postgresql://" + database.path("metadata").path("name").asText() + "-rw:5432/" + service);
            assertThat(config.getProperty("quarkus.datasource.jdbc.url")).as(service + ": the same database, TLS below")
                    .startsWith("jdbc:" + config.getProperty("quarkus.datasource.reactive.url") + "?");
            assertThat(config.getProperty("kafka.bootstrap.servers")).as(service).isEqualTo(bootstrap);
            assertThat(tls.path("tls").asBoolean()).isTrue();
            assertThat(config.getProperty("kafka.sasl.mechanism")).isEqualToIgnoringCase(tls.path("authentication").path("type").asText());
            assertThat(envSecret(built, service, "DB_PASSWORD")).isEqualTo(database.path("metadata").path("name").asText() + "-app");
            assertThat(envSecret(built, service, "KAFKA_SASL_JAAS_CONFIG")).as("the Secret Strimzi writes for the KafkaUser")
                    .isEqualTo(Manifests.get(built, "KafkaUser", service + "-service").path("metadata").path("name").asText());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void the_gateway_routes_are_the_table_the_local_nginx_serves_and_each_ends_at_an_existing_service(String overlay) {
        List<ObjectNode> built = Manifests.built(overlay);
        Map<String, String> expected = new TreeMap<>();
        for (String service : Manifests.services()) {
            expected.put("/api/" + service, service + "-service");
            expected.put("/api/admin/" + service, service + "-service");
        }
        Manifests.extraRoutes().forEach((prefix, target) ->
                expected.put(prefix, target.equals("keycloak") ? keycloakService(built) : target + "-service"));

        Map<String, String> routed = new TreeMap<>();
        for (ObjectNode route : Manifests.ofKind(built, "HTTPRoute")) {
            JsonNode parent = route.path("spec").path("parentRefs").get(0);
            JsonNode listener = listener(built, parent.path("name").asText(), parent.path("sectionName").asText());
            if (!listener.path("protocol").asText().equals("HTTPS")) {
                assertThat(route.path("spec").path("rules")).as("plain HTTP only redirects to HTTPS").allSatisfy(rule ->
                        assertThat(rule.path("filters").get(0).path("requestRedirect").path("scheme").asText()).isEqualTo("https"));
                continue;
            }
            for (JsonNode rule : route.path("spec").path("rules")) {
                JsonNode backend = rule.path("backendRefs").get(0);
                assertThat(servicePorts(built, backend.path("name").asText()))
                        .as(route.path("metadata").path("name") + " routes to a Service and port that exist")
                        .contains(backend.path("port").asInt());
                assertThat(securityHeaders(rule)).as("security headers on " + route.path("metadata").path("name"))
                        .containsKeys("Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options");
                // a client's claims about the address it called never reach a service (which trusts the gateway's)
                assertThat(rule.path("filters").findValues("requestHeaderModifier").stream()
                        .flatMap(modifier -> toStrings(modifier.path("remove")).stream()).toList())
                        .as("forwarded headers dropped on " + route.path("metadata").path("name"))
                        .contains("X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix", "Forwarded");
                for (JsonNode match : rule.path("matches")) {
                    assertThat(match.path("path").path("type").asText()).isEqualTo("PathPrefix");
                    assertThat(routed.put(match.path("path").path("value").asText(), backend.path("name").asText()))
                            .as("routed twice: " + match.path("path").path("value")).isNull();
                }
            }
        }
        assertThat(routed).isEqualTo(expected);
    }

    /**
     * Keycloak is public for the tickets realm and its login pages' resources only: its admin console and the master
     * realm are not routed (Gateway API answers 404 where no rule matches), and each public prefix arrives at
     * Keycloak's own path for it (Keycloak serves from its root).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void keycloak_is_public_for_the_tickets_realm_only(String overlay) {
        List<ObjectNode> built = Manifests.built(overlay);
        List<String> publicPrefixes = new ArrayList<>();
        for (ObjectNode route : Manifests.ofKind(built, "HTTPRoute")) {
            for (JsonNode rule : route.path("spec").path("rules")) {
                for (JsonNode match : rule.path("matches")) {
                    String prefix = match.path("path").path("value").asText();
                    publicPrefixes.add(prefix);
                    if (rule.path("backendRefs").path(0).path("name").asText().equals(keycloakService(built))) {
                        assertThat(prefix).startsWith("/auth/");
                        List<String> rewrites = rule.path("filters").findValuesAsText("replacePrefixMatch");
                        assertThat(rewrites).as(prefix).containsExactly(prefix.substring("/auth".length()));
                    }
                }
            }
        }
        for (String hidden : List.of("/auth/admin/master/console/", "/auth/admin/realms/tickets/users",
                "/auth/realms/master/protocol/openid-connect/token", "/auth/realms/ticketsx/account")) {
            assertThat(publicPrefixes).as(hidden + " is routed").noneMatch(prefix -> Manifests.pathPrefixTakes(prefix, hidden));
        }
        assertThat(publicPrefixes).contains("/auth/realms/tickets", "/auth/resources");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void every_topic_a_service_consumes_exists_with_its_dead_letter_topic_and_the_service_reads_only_those(String overlay) {
        List<ObjectNode> built = Manifests.built(overlay);
        Map<String, ObjectNode> topics = new HashMap<>();
        for (ObjectNode topic : Manifests.ofKind(built, "KafkaTopic")) {
            String name = topic.path("spec").path("topicName").asText(topic.path("metadata").path("name").asText());
            topics.put(name, topic);
            assertThat(topic.path("spec").path("replicas").asInt()).as(name).isEqualTo(3);
            assertThat(topic.path("spec").path("config").path("min.insync.replicas").asInt()).as(name).isEqualTo(2);
        }
        for (String service : Manifests.services()) {
            Set<String> consumed = Manifests.consumedTopics(service);
            assertThat(topics.keySet()).as(service + " consumes").containsAll(consumed);
            assertThat(topics).as("every context's events").containsKey(service + ".events");
            assertThat(topics.get(service + ".events").path("spec").path("config").has("retention.ms")).isTrue();

            Map<String, Set<String>> acl = acls(Manifests.get(built, "KafkaUser", service + "-service"));
            Set<String> readable = new TreeSet<>();
            Set<String> writable = new TreeSet<>();
            acl.forEach((resource, operations) -> {
                if (resource.startsWith("topic:literal:") && operations.contains("Read")) {
                    readable.add(resource.substring("topic:literal:".length()));
                }
                if (resource.startsWith("topic:") && operations.contains("Write")) {
                    writable.add(resource.substring(resource.indexOf(':', "topic:".length()) + 1));
                }
            });
            assertThat(readable).as(service + " reads").isEqualTo(consumed);
            assertThat(acl.keySet()).as(service).noneMatch(resource -> resource.startsWith("topic:prefix:"));
            if (!consumed.isEmpty()) {
                assertThat(topics).as(service + "'s dead letters").containsKey(service + ".dlq");
                assertThat(writable).as(service + " writes").containsExactly(service + ".dlq");
                for (String group : Manifests.consumerGroups(service)) {
                    assertThat(acl.entrySet()).as(service + " group " + group).anySatisfy(entry -> {
                        String[] resource = entry.getKey().split(":", 3);
                        assertThat(resource[0]).isEqualTo("group");
                        assertThat(resource[1].equals("literal") ? group.equals(resource[2]) : group.startsWith(resource[2])).isTrue();
                        assertThat(entry.getValue()).contains("Read");
                    });
                }
            } else {
                assertThat(writable).as(service + " writes nothing: its events leave through its outbox").isEmpty();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void every_outbox_connector_says_what_the_local_relay_runs_with(String overlay) throws IOException {
        List<ObjectNode> built = Manifests.built(overlay);
        ObjectNode connect = Manifests.ofKind(built, "KafkaConnect").getFirst();
        Set<String> topics = new HashSet<>();
        Manifests.ofKind(built, "KafkaTopic").forEach(t ->
                topics.add(t.path("spec").path("topicName").asText(t.path("metadata").path("name").asText())));
        for (String service : Manifests.services()) {
            ObjectNode connector = Manifests.get(built, "KafkaConnector", "outbox-" + service);
            assertThat(connector.path("metadata").path("labels").path("strimzi.io/cluster").asText())
                    .isEqualTo(connect.path("metadata").path("name").asText());
            Map<String, String> settings = new TreeMap<>(Manifests.outboxConnectorSettings(service));
            assertThat(connector.path("spec").path("class").asText()).isEqualTo(settings.remove("connector.class"));
            Map<String, String> config = new TreeMap<>();
            connector.path("spec").path("config").properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
            settings.forEach((key, value) -> assertThat(config.get(key)).as(service + " " + key).isEqualTo(value));

            ObjectNode database = Manifests.databaseOf(built, service);
            assertThat(config.get("database.hostname")).isEqualTo(database.path("metadata").path("name").asText() + "-rw");
            assertThat(config.get("database.dbname")).isEqualTo(service);
            assertThat(config.get("database.password")).contains(database.path("metadata").path("name").asText() + "-app");
            assertThat(config.get("slot.drop.on.stop")).isEqualTo("false");
            assertThat(topics).as("heartbeats of " + service).contains("__debezium-heartbeat." + settings.get("topic.prefix"));
            assertThat(topics).contains(settings.get("transforms.outbox.route.topic.replacement"));

            JsonNode postgres = database.path("spec").path("postgresql").path("parameters");
            assertThat(postgres.path("wal_level").asText()).as(service).isEqualTo("logical");
            assertThat(postgres.path("max_slot_wal_keep_size").asText()).as(service).isNotEmpty();
            // that a failover keeps the connector's slot: OperatorRulesTest
            assertThat(database.path("spec").path("managed").path("roles").findValuesAsText("name")).contains(config.get("database.user")
                    .replaceAll("^\\$\\{secrets:[^/]+/[^:]+:username}$", service));
            if (overlay.equals("prod")) {
                assertThat(database.path("spec").path("instances").asInt()).isEqualTo(3);
                assertThat(database.path("spec").path("plugins").isArray()).as(service + " backups: OperatorRulesTest").isTrue();
            }
        }
        // the connector plugin is the Debezium the local relay runs, in our Connect image: ImagesTest
    }

    @Test
    void the_realm_is_the_devstack_realm_with_the_demo_users_only_in_dev_and_its_secret_by_reference() {
        JsonNode devstack = Manifests.realmOfDevstack();
        JsonNode dev = Manifests.get(Manifests.built("dev"), "KeycloakRealmImport", "tickets-realm").path("spec").path("realm");
        ObjectNode prod = Manifests.get(Manifests.built("prod"), "KeycloakRealmImport", "tickets-realm").path("spec").path("realm").deepCopy();

        assertThat(dev.path("users")).isEqualTo(devstack.path("users"));
        assertThat(prod.path("users").findValuesAsText("username")).containsExactly("service-account-tickets-service");

        ObjectNode expected = devstack.deepCopy();
        expected.set("users", prod.path("users"));
        for (JsonNode client : expected.path("clients")) {
            if (client.has("secret")) {
                ((ObjectNode) client).put("secret", "${TICKETS_SERVICE_CLIENT_SECRET}");
            }
            if (client.has("redirectUris")) {
                ((ObjectNode) client).set("redirectUris", Manifests.JSON.valueToTree(List.of("https://tickets.example.com/*")));
            }
        }
        // production: the public client has no password grant (authorization code with PKCE only) and password guessing
        // is slowed per account
        ObjectNode web = (ObjectNode) expected.path("clients").valueStream()
                .filter(client -> client.path("clientId").asText().equals("tickets-web")).findFirst().orElseThrow();
        assertThat(web.path("attributes").path("pkce.code.challenge.method").asText()).isEqualTo("S256");
        web.put("directAccessGrantsEnabled", false);
        assertThat(prod.path("bruteForceProtected").asBoolean()).isTrue();
        assertThat(prod.path("permanentLockout").asBoolean()).as("a lockout anyone could trigger for someone else").isFalse();
        assertThat(prod.path("failureFactor").asInt()).isBetween(3, 10);
        for (String setting : List.of("bruteForceProtected", "permanentLockout", "failureFactor", "waitIncrementSeconds",
                "maxFailureWaitSeconds", "maxDeltaTimeSeconds")) {
            expected.set(setting, prod.path(setting));
        }
        // a stronger password policy, and a one-time code for admins at the login form (ProductionRealmTest logs in so)
        assertThat(prod.path("passwordPolicy").asText()).contains("length(12)", "notUsername", "notEmail");
        assertThat(prod.path("browserFlow").asText()).isEqualTo("browser with admin OTP");
        assertThat(prod.path("authenticationFlows").findValuesAsText("authenticator")).contains("conditional-user-role",
                "auth-otp-form");
        for (String setting : List.of("passwordPolicy", "browserFlow", "authenticatorConfig", "authenticationFlows")) {
            expected.set(setting, prod.path(setting));
        }
        // and Keycloak's own admin-cli client, which every realm gets with the password grant on, has it off
        JsonNode adminCli = prod.path("clients").valueStream()
                .filter(client -> client.path("clientId").asText().equals("admin-cli")).findFirst().orElseThrow();
        assertThat(adminCli.path("directAccessGrantsEnabled").asBoolean(true)).isFalse();
        ((com.fasterxml.jackson.databind.node.ArrayNode) expected.path("clients")).insert(1, adminCli);
        assertThat(prod).isEqualTo(expected);
        // development: the same with the demo users, and password logins for the README's walkthrough
        web.put("directAccessGrantsEnabled", true);
        expected.set("users", devstack.path("users"));
        assertThat(dev).isEqualTo(expected);
        assertThat(Manifests.get(Manifests.built("prod"), "KeycloakRealmImport", "tickets-realm")
                .path("spec").path("placeholders").path("TICKETS_SERVICE_CLIENT_SECRET").path("secret").path("name").asText())
                .isEqualTo("tickets-service-client");
    }

    @Test
    void production_commits_no_secret_and_runs_no_sandbox() throws IOException {
        List<ObjectNode> prod = Manifests.built("prod");
        assertThat(Manifests.ofKind(prod, "Secret")).isEmpty();
        assertThat(Manifests.find(prod, "Deployment", "payment-provider-sandbox")).isEmpty();
        assertThat(Manifests.get(prod, "ConfigMap", "payment-provider").path("data").path("url").asText()).startsWith("https://");

        List<ObjectNode> dev = Manifests.built("dev");
        assertThat(Manifests.ofKind(dev, "Secret")).isNotEmpty().allSatisfy(secret ->
                assertThat(secret.path("metadata").path("labels").path("tickets.example.com/dev-only-secret").asText()).isEqualTo("true"));
        // a service refuses the published sandbox secrets (ProductionSecrets) unless told it runs in development:
        // the dev overlay tells exactly the services that read a secret, production never does
        List<String> readingSecrets = new ArrayList<>();
        for (String service : Manifests.services()) {
            if (Files.readString(Manifests.ROOT.resolve(service + "-service/src/main/resources/application.properties"))
                    .contains("\ntickets.secrets=")) {
                readingSecrets.add(service + "-service");
            }
        }
        assertThat(readingSecrets).containsExactlyInAnyOrder("users-service", "payments-service", "delivery-service");
        assertThat(Manifests.ofKind(prod, "Deployment")).allSatisfy(deployment -> assertThat(deployment.findValuesAsText("name"))
                .doesNotContain("TICKETS_SECRETS_SANDBOX_ALLOWED"));
        assertThat(Manifests.ofKind(dev, "Deployment").stream()
                .filter(deployment -> deployment.findValuesAsText("name").contains("TICKETS_SECRETS_SANDBOX_ALLOWED"))
                .map(deployment -> deployment.path("metadata").path("name").asText()))
                .containsExactlyInAnyOrderElementsOf(readingSecrets);
        String sandboxUrl = Manifests.get(dev, "ConfigMap", "payment-provider").path("data").path("url").asText();
        assertThat(sandboxUrl).isEqualTo("http://payment-provider-sandbox:"
                + Manifests.get(dev, "Service", "payment-provider-sandbox").path("spec").path("ports").get(0).path("port").asInt());
    }

    /** Metrics, alerts, dashboard and traces: every service scraped and traced, and nothing watched that nobody exposes. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void every_service_is_scraped_and_traced_and_the_alerts_and_dashboard_watch_only_exposed_metrics(String overlay)
            throws IOException {
        List<ObjectNode> built = Manifests.built(overlay);
        for (String service : Manifests.services()) {
            ObjectNode kubeService = Manifests.get(built, "Service", service + "-service");
            assertThat(Manifests.ofKind(built, "ServiceMonitor")).as(service + " is scraped").anySatisfy(monitor -> {
                assertThat(matchesExpressions(monitor.path("spec").path("selector"), kubeService.path("metadata").path("labels"))).isTrue();
                JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
                assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
                assertThat(kubeService.path("spec").path("ports").findValuesAsText("name")).contains(endpoint.path("port").asText());
            });
            String traces = configOf(built, service).getProperty("quarkus.otel.exporter.otlp.traces.endpoint");
            java.net.URI collector = java.net.URI.create(traces);
            assertThat(servicePorts(built, collector.getHost())).as(service + " sends its spans to a collector that exists")
                    .contains(collector.getPort());
        }

        Set<String> exposed = new TreeSet<>();
        for (String line : Files.readAllLines(Manifests.K8S.resolve("base/observability/metrics.txt"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                exposed.add(line.split("\\s+")[0]);
            }
        }
        List<String> expressions = new ArrayList<>();
        Set<String> alerts = new TreeSet<>();
        for (ObjectNode rule : Manifests.ofKind(built, "PrometheusRule")) {
            for (JsonNode alert : rule.path("spec").path("groups").findValues("rules").stream().flatMap(r -> toList(r).stream()).toList()) {
                alerts.add(alert.path("alert").asText());
                expressions.add(alert.path("expr").asText());
            }
        }
        assertThat(alerts).contains("TicketsSagaConsumerStuck", "TicketsOutboxLagGrowing", "TicketsReplicationSlotLag", "TicketsDeadLetters");
        // the outbox lag is NaN while a service's outbox has no slot, and missing while it is not scraped: a threshold
        // never fires on either, so an alert must ask for exactly those (the job label is the scraped Service's name)
        String outboxAlerts = String.join("\n", expressions).replaceAll("\\s+", " ");
        assertThat(outboxAlerts).contains("tickets_outbox_lag_seconds != tickets_outbox_lag_seconds");
        for (String service : Manifests.services()) {
            assertThat(outboxAlerts).contains("absent(tickets_outbox_lag_seconds{job=\"" + service + "-service\"})");
        }
        JsonNode dashboard = Manifests.JSON.readTree(Manifests.get(built, "ConfigMap", "tickets-saga-dashboard").path("data")
                .path("saga-dashboard.json").asText());
        assertThat(dashboard.path("panels")).hasSizeGreaterThanOrEqualTo(8);
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText())));
        Pattern metric = Pattern.compile("\\b(tickets_[a-z_]+|kafka_[a-z_]+|http_server_[a-z_]+)\\b");
        Set<String> used = new TreeSet<>();
        for (String expression : expressions) {
            Matcher m = metric.matcher(expression);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertThat(used).as("metrics the alerts and the dashboard use").isNotEmpty();
        assertThat(exposed).as("metrics.txt, which the platform tests check against /q/metrics").containsAll(used);
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static Properties configOf(List<ObjectNode> built, String service) throws IOException {
        Properties config = new Properties();
        config.load(new StringReader(Manifests.get(built, "ConfigMap", service + "-service").path("data").path("application.properties").asText()));
        ObjectNode deployment = Manifests.get(built, "Deployment", service + "-service");
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("env").findValuesAsText("value")).contains("/etc/tickets/application.properties");
        return config;
    }

    private static String envSecret(List<ObjectNode> built, String service, String variable) {
        JsonNode container = Manifests.get(built, "Deployment", service + "-service")
                .path("spec").path("template").path("spec").path("containers").get(0);
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals(variable)) {
                return env.path("valueFrom").path("secretKeyRef").path("name").asText();
            }
        }
        throw new AssertionError(service + " has no " + variable);
    }

    /** The ports of a Service the manifests declare, or of the one the Keycloak operator makes for a Keycloak. */
    private static List<Integer> servicePorts(List<ObjectNode> built, String name) {
        var declared = Manifests.find(built, "Service", name);
        if (declared.isPresent()) {
            List<Integer> ports = new ArrayList<>();
            declared.get().path("spec").path("ports").forEach(port -> ports.add(port.path("port").asInt()));
            return ports;
        }
        if (name.equals(keycloakService(built))) {
            JsonNode http = Manifests.ofKind(built, "Keycloak").getFirst().path("spec").path("http");
            List<Integer> ports = new ArrayList<>();
            if (http.path("httpEnabled").asBoolean(false)) {
                ports.add(http.path("httpPort").asInt(8080));
            }
            if (http.has("tlsSecret")) {
                ports.add(http.path("httpsPort").asInt(8443));
            }
            return ports;
        }
        return List.of();
    }

    private static String keycloakService(List<ObjectNode> built) {
        // the Keycloak operator names the Service of a Keycloak <name> "<name>-service"
        return Manifests.ofKind(built, "Keycloak").getFirst().path("metadata").path("name").asText() + "-service";
    }

    private static JsonNode listener(List<ObjectNode> built, String gateway, String section) {
        for (JsonNode listener : Manifests.get(built, "Gateway", gateway).path("spec").path("listeners")) {
            if (listener.path("name").asText().equals(section)) {
                return listener;
            }
        }
        throw new AssertionError("Gateway " + gateway + " has no listener " + section);
    }

    private static Map<String, String> securityHeaders(JsonNode rule) {
        Map<String, String> headers = new HashMap<>();
        for (JsonNode filter : rule.path("filters")) {
            for (JsonNode header : filter.path("responseHeaderModifier").path("set")) {
                headers.put(header.path("name").asText(), header.path("value").asText());
            }
        }
        return headers;
    }

    private static int containerPort(JsonNode container, String port) {
        for (JsonNode declared : container.path("ports")) {
            if (declared.path("name").asText().equals(port) || declared.path("containerPort").asText().equals(port)) {
                return declared.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port " + port);
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (!selector.isObject() || selector.isEmpty()) {
            return false;
        }
        for (var entry : selector.properties()) {
            if (!entry.getValue().asText().equals(labels.path(entry.getKey()).asText())) {
                return false;
            }
        }
        return true;
    }

    /** A KafkaUser's ACLs as "type:patternType:name" → operations. */
    private static Map<String, Set<String>> acls(ObjectNode user) {
        Map<String, Set<String>> acls = new TreeMap<>();
        for (JsonNode rule : user.path("spec").path("authorization").path("acls")) {
            JsonNode resource = rule.path("resource");
            String key = resource.path("type").asText() + ":" + resource.path("patternType").asText("literal") + ":" + resource.path("name").asText();
            acls.computeIfAbsent(key, k -> new TreeSet<>()).addAll(toStrings(rule.path("operations")));
        }
        return acls;
    }

    private static List<String> toStrings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}

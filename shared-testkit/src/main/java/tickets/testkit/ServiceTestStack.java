package tickets.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import tickets.devstack.Devstack;
import tickets.devstack.Ports;
import tickets.devstack.SandboxSecrets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Everything a service's {@code @QuarkusTest}s run against, as one global test resource: the real
 * PostgreSQL (the service's database), Kafka and outbox relay of the test JVM's devstack, and an
 * identity provider: the WireMock OIDC server (tokens from {@link TestTokens}) or, with the init
 * argument {@code identity=keycloak}, the real Keycloak. A service declares it once:
 *
 * <pre>{@code
 * @QuarkusTestResource(ServiceTestStack.class)
 * public final class TestStack { }
 * }</pre>
 *
 * The context (database and topic prefix) is the service's {@code tickets.context}, read from its
 * {@code application.properties}, unless the init argument {@code context} names another. With
 * {@code paymentProvider=sandbox}, the devstack's sandbox payment provider runs too, and the
 * service is told where it is and (on a fixed test port) where its webhooks go.
 * Test fields annotated {@link InjectDevstack} receive the running devstack.
 */
public class ServiceTestStack implements QuarkusTestResourceLifecycleManager {

    private String context;
    private boolean realKeycloak;
    private boolean paymentProvider;
    private Devstack devstack;
    private OidcWiremockTestResource wiremock;

    @Override
    public void init(Map<String, String> initArgs) {
        context = initArgs.getOrDefault("context", contextOfThisModule());
        realKeycloak = "keycloak".equals(initArgs.get("identity"));
        paymentProvider = "sandbox".equals(initArgs.get("paymentProvider"));
    }

    @Override
    public Map<String, String> start() {
        devstack = realKeycloak ? Devstack.sharedForTestsWithKeycloak(context) : Devstack.sharedForTests(context);
        if (paymentProvider) {
            // a timed-out charge settles 2 s after it came, while the client gave up after 1 s
            Devstack.sharedForTestsWithPaymentProvider(context, Duration.ofSeconds(2), Duration.ofSeconds(3));
        }
        Map<String, String> config = new HashMap<>(databaseAndKafka(devstack, context));
        config.putAll(SandboxSecrets.configuration());
        if (paymentProvider) {
            int port = Ports.free();
            config.put("quarkus.http.test-port", Integer.toString(port));
            config.put("tickets.payments.provider.url", devstack.paymentProvider().baseUrl());
            config.put("tickets.payments.provider.timeout", "PT1S");
            config.put("tickets.payments.webhook-url", "http://127.0.0.1:" + port + "/api/payments/webhooks/provider");
        }
        if (realKeycloak) {
            config.putAll(keycloak(devstack));
        } else {
            wiremock = new OidcWiremockTestResource();
            config.putAll(wiremock.start());
        }
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(devstack, new TestInjector.AnnotatedAndMatchesType(InjectDevstack.class, Devstack.class));
        if (wiremock != null) {
            wiremock.inject(testInjector);
        }
    }

    @Override
    public void stop() {
        // The devstack outlives one Quarkus application: it stops when the test JVM exits.
        if (wiremock != null) {
            wiremock.stop();
        }
    }

    static Map<String, String> databaseAndKafka(Devstack devstack, String context) {
        return Map.of(
                "quarkus.datasource.reactive.url", devstack.postgres().reactiveUrl(context),
                "quarkus.datasource.jdbc.url", devstack.postgres().jdbcUrl(context),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres",
                "kafka.bootstrap.servers", devstack.kafka().bootstrapServers());
    }

    static Map<String, String> keycloak(Devstack devstack) {
        String realm = devstack.keycloak().realmUrl();
        return Map.of(
                "quarkus.oidc.auth-server-url", realm,
                "quarkus.oidc.token.issuer", realm,
                "quarkus.keycloak.admin-client.server-url", devstack.keycloak().baseUrl(),
                "devstack.keycloak.realm-url", realm);
    }

    /** {@code tickets.context} of the module under test (Maven runs its tests in the module's directory). */
    static String contextOfThisModule() {
        for (Path file : new Path[] {Path.of("src/main/resources/application.properties"),
                Path.of("src/test/resources/application.properties")}) {
            if (!Files.exists(file)) {
                continue;
            }
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String context = properties.getProperty("tickets.context");
            if (context != null) {
                return context.strip();
            }
        }
        throw new IllegalStateException("no tickets.context in this module's application.properties; "
                + "give ServiceTestStack the init argument 'context'");
    }
}

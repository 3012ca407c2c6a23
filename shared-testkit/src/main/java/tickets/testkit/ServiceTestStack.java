package tickets.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import tickets.devstack.Devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code application.properties}, unless the init argument {@code context} names another.
 * Test fields annotated {@link InjectDevstack} receive the running devstack.
 */
public class ServiceTestStack implements QuarkusTestResourceLifecycleManager {

    private String context;
    private boolean realKeycloak;
    private Devstack devstack;
    private OidcWiremockTestResource wiremock;

    @Override
    public void init(Map<String, String> initArgs) {
        context = initArgs.getOrDefault("context", contextOfThisModule());
        realKeycloak = "keycloak".equals(initArgs.get("identity"));
    }

    @Override
    public Map<String, String> start() {
        devstack = realKeycloak ? Devstack.sharedForTestsWithKeycloak(context) : Devstack.sharedForTests(context);
        Map<String, String> config = new HashMap<>(databaseAndKafka(devstack, context));
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

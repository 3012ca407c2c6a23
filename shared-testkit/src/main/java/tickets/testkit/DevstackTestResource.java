package tickets.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import tickets.devstack.Devstack;

import java.util.HashMap;
import java.util.Map;

/**
 * PostgreSQL, Kafka and the outbox relay, real and shared by the test JVM, as a Quarkus test
 * resource. Init argument {@code context}: the service's database and topic prefix (e.g. {@code concerts}).
 */
public class DevstackTestResource implements QuarkusTestResourceLifecycleManager {

    private String context;
    private Devstack devstack;

    @Override
    public void init(Map<String, String> initArgs) {
        context = initArgs.get("context");
        if (context == null) {
            throw new IllegalArgumentException("DevstackTestResource needs the init argument 'context'");
        }
    }

    @Override
    public Map<String, String> start() {
        devstack = Devstack.sharedForTests(context);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.reactive.url", devstack.postgres().reactiveUrl(context));
        config.put("quarkus.datasource.jdbc.url", devstack.postgres().jdbcUrl(context));
        config.put("quarkus.datasource.username", "postgres");
        config.put("quarkus.datasource.password", "postgres");
        config.put("kafka.bootstrap.servers", devstack.kafka().bootstrapServers());
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(devstack, new TestInjector.AnnotatedAndMatchesType(InjectDevstack.class, Devstack.class));
    }

    @Override
    public void stop() {
        // The devstack outlives one Quarkus application: it stops when the test JVM exits.
    }
}

package tickets.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One of the platform's services, run from its built Quarkus application against the devstack (and its payment provider). */
public final class QuarkusService extends ProcessComponent {

    private final ProjectLayout layout;
    private final String service;
    private final int port;
    private final PostgresServer postgres;
    private final KafkaServer kafka;
    private final KeycloakServer keycloak;
    private final PaymentProviderServer paymentProvider;
    private final Path workDir;
    private final Path logDir;
    private final List<String> jvmOptions;
    private final Map<String, String> extraEnvironment;

    public QuarkusService(ProjectLayout layout, String service, int port, PostgresServer postgres, KafkaServer kafka,
                          KeycloakServer keycloak, PaymentProviderServer paymentProvider, Path workDir, Path logDir,
                          List<String> jvmOptions, Map<String, String> extraEnvironment) {
        this.layout = layout;
        this.service = service;
        this.port = port;
        this.postgres = postgres;
        this.kafka = kafka;
        this.keycloak = keycloak;
        this.paymentProvider = paymentProvider;
        this.workDir = workDir;
        this.logDir = logDir;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.extraEnvironment = Map.copyOf(extraEnvironment);
    }

    @Override
    public String name() {
        return service + "-service";
    }

    @Override
    public void start() {
        Path jar = layout.serviceJar(service);
        if (!Files.exists(jar)) {
            throw new IllegalStateException(name() + " is not built (" + jar + "): run ./mvnw install -DskipTests");
        }
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl(service));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(service));
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", keycloak.realmUrl());
        env.put("QUARKUS_KEYCLOAK_ADMIN_CLIENT_SERVER_URL", keycloak.baseUrl());
        if (paymentProvider != null) {
            // every service may be told; only payments reads them (its own address receives the webhooks)
            env.put("TICKETS_PAYMENTS_PROVIDER_URL", paymentProvider.baseUrl());
            env.put("TICKETS_PAYMENTS_WEBHOOK_URL", baseUrl() + "/api/payments/webhooks/provider");
        }
        env.putAll(SandboxSecrets.environment());
        env.putAll(extraEnvironment);
        List<String> command = new java.util.ArrayList<>(List.of(ServerProcess.javaExecutable(), "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        process = ServerProcess.startWatched(name(), command, env, workDir, logDir.resolve(name() + ".log"));
        process.awaitReady(() -> Http.isOk(baseUrl() + "/q/health/ready"), Duration.ofSeconds(120));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public String endpoint() {
        return baseUrl() + " (OpenAPI UI " + baseUrl() + "/q/swagger-ui)";
    }

    /** Crashes the service (kill -9); {@link #start} brings it back on the same port. */
    public void kill() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }
}

package tickets.devstack;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code java tickets.devstack.Main}: starts the whole platform on this machine and keeps it
 * running until Ctrl+C. Ports are fixed (away from the usual 5432/9092/8080) and can be changed
 * through the environment variables below.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        int postgresPort = port("DEVSTACK_POSTGRES_PORT", 15432, "PostgreSQL");
        int kafkaPort = port("DEVSTACK_KAFKA_PORT", 19092, "Kafka");
        int kafkaControllerPort = port("DEVSTACK_KAFKA_CONTROLLER_PORT", 19093, "the Kafka controller");
        int keycloakPort = port("DEVSTACK_KEYCLOAK_PORT", 18180, "Keycloak");
        int keycloakManagementPort = port("DEVSTACK_KEYCLOAK_MANAGEMENT_PORT", 19190, "Keycloak health");
        int gatewayPort = port("DEVSTACK_GATEWAY_PORT", 18000, "the API gateway");
        int providerPort = port("DEVSTACK_PAYMENT_PROVIDER_PORT", 18090, "the sandbox payment provider");
        int tracesPort = port("DEVSTACK_TRACES_PORT", 18200, "the trace collector");
        List<ServiceTable.Service> table = ServiceTable.load(ProjectLayout.locate());
        List<String> services = table.stream().map(ServiceTable.Service::name).toList();

        out.println("Starting the ticketing platform (state and logs in .devstack/local) ...");
        long began = System.nanoTime();
        Devstack devstack = Devstack.local(out);
        try {
            // Independent servers start side by side; the relay needs PostgreSQL and Kafka, and the
            // services need everything (the relay first: it prepares each outbox's publication).
            var postgres = inParallel(() -> devstack.startPostgres(postgresPort, services));
            var kafka = inParallel(() -> devstack.startKafka(kafkaPort, kafkaControllerPort));
            var keycloak = inParallel(() -> devstack.startKeycloak(keycloakPort, keycloakManagementPort));
            var provider = inParallel(() -> devstack.startPaymentProvider(providerPort, java.time.Duration.ofSeconds(3),
                    java.time.Duration.ofSeconds(20)));
            var traces = inParallel(() -> devstack.startTraces(tracesPort));
            await(postgres, kafka);
            devstack.startRelay(services);
            await(keycloak, provider, traces);
            java.util.Map<String, String> upstreams = new java.util.concurrent.ConcurrentHashMap<>();
            upstreams.put("keycloak", devstack.keycloak().loopbackUrl());
            List<java.util.concurrent.CompletableFuture<?>> starting = new java.util.ArrayList<>();
            // two at a time: more JVMs starting at once only queue for the two cores
            var servicePool = java.util.concurrent.Executors.newFixedThreadPool(2);
            for (ServiceTable.Service service : table) {
                int port = port(service.portVariable(), service.port(), service.name());
                starting.add(java.util.concurrent.CompletableFuture.runAsync(() -> upstreams.put(service.name(),
                        devstack.startService(service.name(), port).baseUrl()), servicePool));
            }
            try {
                await(starting.toArray(java.util.concurrent.CompletableFuture[]::new));
            } finally {
                servicePool.shutdown();
            }
            if (Gateway.nginx().isPresent()) {
                devstack.startGateway(gatewayPort, upstreams);
            } else {
                out.println("  gateway          SKIPPED: nginx is not installed (apt-get install nginx, or ./platform.sh"
                        + " as root installs it); use the services' own URLs below");
            }
        } catch (RuntimeException e) {
            out.println("Start-up failed: " + e.getMessage());
            devstack.close();
            Runtime.getRuntime().halt(1);
        }
        out.printf("%nThe platform is up after %.0f s.%n", (System.nanoTime() - began) / 1e9);
        for (Component component : devstack.components()) {
            out.printf("  %-16s %s%n", component.name(), component.endpoint());
        }
        out.println("  logs             " + devstack.logDir());
        out.println();
        out.println("Stop everything with Ctrl+C (or kill " + ProcessHandle.current().pid() + ").");
        Thread.currentThread().join();
    }

    private static java.util.concurrent.CompletableFuture<Void> inParallel(Runnable start) {
        return java.util.concurrent.CompletableFuture.runAsync(start, runnable -> Thread.ofPlatform().start(runnable));
    }

    /** Waits for every start; the first failure is rethrown as it was. */
    private static void await(java.util.concurrent.CompletableFuture<?>... starts) {
        try {
            java.util.concurrent.CompletableFuture.allOf(starts).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static int port(String variable, int fallback, String what) {
        String value = System.getenv(variable);
        int port = value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        return Ports.requireFree(port, what + " (" + variable + ")");
    }
}

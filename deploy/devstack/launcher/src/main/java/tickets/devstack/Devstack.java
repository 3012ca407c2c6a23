package tickets.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The platform's servers on one machine, each a real server in its own process: PostgreSQL,
 * Kafka, the Debezium outbox relay and Keycloak (and, for the local run, the services).
 * Tests and the local run use the same components.
 */
public final class Devstack implements AutoCloseable {

    private final ProjectLayout layout;
    private final Path stateDir;
    private final boolean deleteStateOnClose;
    private final PrintStream progress;
    private final List<Component> running = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Startup> startups = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private volatile PostgresServer postgres;
    private volatile KafkaServer kafka;
    private volatile OutboxRelay relay;
    private volatile KeycloakServer keycloak;
    private volatile PaymentProviderServer paymentProvider;
    private volatile TraceCollector traces;
    /** PostgreSQL, Kafka, the relay (Debezium Connect) and Keycloak from container images instead (ServerSource), when asked for. */
    private static final java.util.Optional<ServerSource> SERVERS = ServerSource.selected();
    private volatile List<String> serviceJvmOptions = QUICK_START;
    /**
     * The relay's poll.interval.ms for a test run, instead of deploy/debezium's 20 ms: Debezium 3.6 spins through the
     * last millisecond of every interval, so an idle connector costs 1/interval of a core (8 connectors: 36% at 20 ms,
     * 16.5% at 50 ms, docs/benchmarks.md); tests wait for states, not for the relay's last milliseconds. Null: as
     * configured (the local run, benchmarks).
     */
    private volatile Duration relayPollInterval;
    static final Duration TEST_RELAY_POLL_INTERVAL = Duration.ofMillis(50);

    /**
     * The services' JIT stops at C1: a Quarkus service then starts with ~40% less CPU (8 services:
     * 113 s of CPU down to 67 s, measured on 2 cores), which is what a local run and a test wait
     * for; C2's peak speed only matters to a benchmark ({@link #forPeakPerformance}).
     */
    private static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1");

    /**
     * The same for the Kafka broker and the relay: in a test run or a local run they start and idle far more than they
     * work, and C2's compilations are CPU the two cores' tests wait for. Cleared by {@link #forPeakPerformance}.
     */
    private volatile List<String> serverJvmOptions = QUICK_START;

    /** How long one component took to start and how much memory it then held. */
    public record Startup(String component, long millis, long residentMiB) {
    }

    private Devstack(ProjectLayout layout, Path stateDir, boolean deleteStateOnClose, PrintStream progress) {
        this.layout = layout;
        this.stateDir = stateDir;
        this.deleteStateOnClose = deleteStateOnClose;
        this.progress = progress;
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "devstack-shutdown"));
    }

    /** The local run: state kept in the checkout's {@code .devstack} directory across runs. */
    public static Devstack local(PrintStream progress) {
        ProjectLayout layout = ProjectLayout.locate();
        return new Devstack(layout, layout.stateDir().resolve("local"), false, progress);
    }

    private static Devstack sharedForTests;

    /**
     * The one stack of a test JVM: PostgreSQL (with {@code context}'s database), Kafka and the
     * relay on free ports, started on first use and stopped when the JVM exits. Kept here, in a
     * class Quarkus loads parent-first, so it survives Quarkus restarting the application.
     */
    public static synchronized Devstack sharedForTests(String context) {
        if (sharedForTests == null) {
            Devstack started = forTests();
            try {
                // side by side: each waits for its own server process, and the relay needs both
                var postgres = java.util.concurrent.CompletableFuture.runAsync(
                        () -> started.startPostgres(Ports.free(), List.of(context)),
                        runnable -> Thread.ofPlatform().name("start-postgres").start(runnable));
                started.startKafka(Ports.free(), Ports.free());
                try {
                    postgres.join();
                } catch (java.util.concurrent.CompletionException e) {
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
                started.startRelay(List.of(context));
            } catch (RuntimeException e) {
                started.close();
                throw e;
            }
            sharedForTests = started;
        }
        return sharedForTests;
    }

    /** {@link #sharedForTests} plus Keycloak. */
    public static synchronized Devstack sharedForTestsWithKeycloak(String context) {
        Devstack stack = sharedForTests(context);
        if (!stack.hasKeycloak()) {
            stack.startKeycloak(Ports.free(), Ports.free());
        }
        return stack;
    }

    /**
     * {@link #sharedForTests} plus the sandbox payment provider: a request with {@code pm_card_timeout}
     * hangs {@code hangFor}, and the payment settles {@code settleAfter} after it came.
     */
    public static synchronized Devstack sharedForTestsWithPaymentProvider(String context, Duration settleAfter,
                                                                          Duration hangFor) {
        Devstack stack = sharedForTests(context);
        if (!stack.hasPaymentProvider()) {
            stack.startPaymentProvider(Ports.free(), settleAfter, hangFor);
        }
        return stack;
    }

    /** A throw-away stack for one test JVM: its own state directory, removed on close. */
    public static Devstack forTests() {
        ProjectLayout layout = ProjectLayout.locate();
        Path state = layout.stateDir().resolve("test-runs").resolve(ProcessHandle.current().pid() + "-" + System.nanoTime());
        Devstack stack = new Devstack(layout, state, true, System.out);
        stack.relayPollInterval = TEST_RELAY_POLL_INTERVAL;
        return stack;
    }

    /**
     * Services started from now on get the JVM's full JIT (C2), as in production: for benchmarks. The system property
     * {@code tickets.devstack.benchmark-jvm-options} adds options to them, e.g. a flight recording of each service:
     * {@code -XX:StartFlightRecording:settings=profile,filename=/tmp/jfr/} (a directory: one file per process).
     */
    public Devstack forPeakPerformance() {
        relayPollInterval = null; // the relay as configured
        serverJvmOptions = List.of();
        serviceJvmOptions = java.util.Arrays.stream(System.getProperty("tickets.devstack.benchmark-jvm-options", "").split("\\s+"))
                .filter(option -> !option.isBlank()).toList();
        return this;
    }

    public ProjectLayout layout() {
        return layout;
    }

    public Path logDir() {
        return stateDir.resolve("logs");
    }

    public PostgresServer startPostgres(int port, List<String> databases) {
        postgres = start(SERVERS.map(source -> source.postgres(layout, databases))
                .orElseGet(() -> new PostgresServer(layout, port, stateDir.resolve("postgres"), logDir(), databases)));
        return postgres;
    }

    public KafkaServer startKafka(int port, int controllerPort) {
        kafka = start(SERVERS.map(source -> source.kafka(layout))
                .orElseGet(() -> new KafkaServer(layout, port, controllerPort, stateDir.resolve("kafka"), logDir(), serverJvmOptions)));
        return kafka;
    }

    public OutboxRelay startRelay(List<String> services) {
        PostgresServer database = requireStarted(postgres);
        KafkaServer broker = requireStarted(kafka);
        relay = start(SERVERS.map(source -> source.relay(layout, database, broker, services))
                .orElseGet(() -> new OutboxRelay(layout, database, broker, stateDir.resolve("relay"), logDir(), services,
                        relayPollInterval, serverJvmOptions)));
        return relay;
    }

    public KeycloakServer startKeycloak(int port, int managementPort) {
        keycloak = start(SERVERS.map(source -> source.keycloak(layout))
                .orElseGet(() -> new KeycloakServer(layout, port, managementPort, stateDir.resolve("keycloak"), logDir())));
        return keycloak;
    }

    /** Keycloak (from its distribution, never a container) importing other realm files beside the tickets realm. */
    public KeycloakServer startKeycloak(int port, int managementPort, java.util.List<Path> otherRealms) {
        keycloak = start(new KeycloakServer(layout, port, managementPort, stateDir.resolve("keycloak"), logDir(), otherRealms));
        return keycloak;
    }

    /** The sandbox payment provider; a request with {@code pm_card_timeout} hangs {@code hangFor}, then settles after {@code settleAfter}. */
    public PaymentProviderServer startPaymentProvider(int port, Duration settleAfter, Duration hangFor) {
        paymentProvider = start(new PaymentProviderServer(layout, port, stateDir.resolve("payment-provider"), logDir(),
                settleAfter, hangFor));
        return paymentProvider;
    }

    /** The local trace collector; the services started after it send it their spans. */
    public TraceCollector startTraces(int port) {
        traces = start(new TraceCollector(layout, port, stateDir.resolve("traces"), logDir()));
        return traces;
    }

    public TraceCollector traces() {
        return requireStarted(traces);
    }

    public QuarkusService startService(String service, int port) {
        return startService(service, port, java.util.Map.of());
    }

    /** A service with extra environment (configuration overrides, e.g. a short hold time in a test). */
    public QuarkusService startService(String service, int port, java.util.Map<String, String> environment) {
        java.util.Map<String, String> withTraces = new java.util.HashMap<>();
        withTraces.putAll(traces != null ? traces.serviceEnvironment() : TraceCollector.withoutCollector());
        // people read the devstack's logs: text lines (with trace, correlation and causation); JSON is for a cluster
        withTraces.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        withTraces.putAll(environment);
        return start(new QuarkusService(layout, service, port, requireStarted(postgres), requireStarted(kafka),
                requireStarted(keycloak), paymentProvider, stateDir.resolve("services"), logDir(), serviceJvmOptions,
                withTraces));
    }

    /** The nginx gateway in front of the given upstreams (target name to base URL, see routes.txt). */
    public Gateway startGateway(int port, java.util.Map<String, String> upstreams) {
        return startGateway(port, upstreams, Gateway.EdgePolicy.fromEnvironment());
    }

    public Gateway startGateway(int port, java.util.Map<String, String> upstreams, Gateway.EdgePolicy policy) {
        return start(new Gateway(layout, port, upstreams, stateDir.resolve("gateway"), logDir(), policy));
    }

    public PostgresServer postgres() {
        return requireStarted(postgres);
    }

    public KafkaServer kafka() {
        return requireStarted(kafka);
    }

    public OutboxRelay relay() {
        return requireStarted(relay);
    }

    public KeycloakServer keycloak() {
        return requireStarted(keycloak);
    }

    public PaymentProviderServer paymentProvider() {
        return requireStarted(paymentProvider);
    }

    public boolean hasPaymentProvider() {
        return paymentProvider != null;
    }

    public boolean hasKeycloak() {
        return keycloak != null;
    }

    public List<Startup> startups() {
        return List.copyOf(startups);
    }

    public List<Component> components() {
        return List.copyOf(running);
    }

    private <C extends Component> C start(C component) {
        if (closed.get()) {
            throw new IllegalStateException("the devstack is stopping");
        }
        progress.printf("  starting %-16s ...%n", component.name());
        long began = System.nanoTime();
        // Registered before it is ready, so a Ctrl+C during start-up stops it too.
        running.add(component);
        try {
            component.start();
        } catch (RuntimeException e) {
            running.remove(component);
            component.close();
            throw e;
        }
        long millis = (System.nanoTime() - began) / 1_000_000;
        Startup startup = new Startup(component.name(), millis, component.residentMemoryMiB());
        startups.add(startup);
        progress.printf("  %-16s ready in %5.1f s, %4d MiB   %s%n", component.name(), millis / 1000.0,
                startup.residentMiB(), component.endpoint());
        return component;
    }

    private static <C> C requireStarted(C component) {
        if (component == null) {
            throw new IllegalStateException("that devstack component is not started");
        }
        return component;
    }

    /** Stops every component, last started first. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<Component> toStop = new ArrayList<>(running);
        // The services and the gateway depend on the servers, never on each other: they stop
        // together (each takes a few seconds), then the servers one by one, last started first.
        List<Component> clients = toStop.stream()
                .filter(c -> c instanceof QuarkusService || c instanceof Gateway).toList();
        List<Thread> stopping = clients.stream()
                .map(c -> Thread.ofPlatform().name("stop-" + c.name()).start(() -> stopQuietly(c)))
                .toList();
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = toStop.size() - 1; i >= 0; i--) {
            if (!clients.contains(toStop.get(i))) {
                stopQuietly(toStop.get(i));
            }
        }
        running.clear();
        if (deleteStateOnClose) {
            keepLogsIfAsked();
            deleteQuietly(stateDir);
        }
    }

    /**
     * A throw-away stack's logs are copied before its state is deleted when the system property
     * {@code tickets.devstack.keep-logs} names a directory (one subdirectory per stack): what every server and
     * service wrote is still there when a test fails on a machine nobody can log in to, such as CI's.
     */
    private void keepLogsIfAsked() {
        String keep = System.getProperty("tickets.devstack.keep-logs", "");
        if (keep.isBlank() || !Files.isDirectory(logDir())) {
            return;
        }
        Path target = Path.of(keep).resolve(stateDir.getFileName());
        try (Stream<Path> logs = Files.walk(logDir())) {
            for (Path log : logs.filter(Files::isRegularFile).toList()) {
                Path copy = target.resolve(logDir().relativize(log));
                Files.createDirectories(copy.getParent());
                Files.copy(log, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            progress.println("  devstack logs kept in " + target);
        } catch (IOException e) {
            progress.println("  keeping the devstack logs in " + target + " failed: " + e);
        }
    }

    private void stopQuietly(Component component) {
        try {
            component.close();
        } catch (RuntimeException e) {
            progress.println("  stopping " + component.name() + " failed: " + e);
        }
    }

    private static void deleteQuietly(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package tickets.devstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The local trace collector (deploy/devstack/traces): the services export their spans to it over
 * OTLP/HTTP, and it shows each trace at {@link #baseUrl()}.
 */
public final class TraceCollector extends ProcessComponent {

    private final ProjectLayout layout;
    private final int port;
    private final Path dataDir;
    private final Path logDir;

    public TraceCollector(ProjectLayout layout, int port, Path dataDir, Path logDir) {
        this.layout = layout;
        this.port = port;
        this.dataDir = dataDir;
        this.logDir = logDir;
    }

    @Override
    public String name() {
        return "traces";
    }

    @Override
    public void start() {
        process = ServerProcess.startJava(name(), layout.serverClasspath("traces"),
                "tickets.devstack.traces.TraceCollectorMain", List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                List.of(Integer.toString(port)), dataDir, logDir.resolve("traces.log"),
                Map.of("TRACES_FILE", dataDir.resolve("spans.jsonl").toString()));
        process.awaitReadyLine(Duration.ofSeconds(60));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** What a service needs to send its spans here (OTLP over HTTP; Quarkus adds /v1/traces). */
    public Map<String, String> serviceEnvironment() {
        return Map.of("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", baseUrl(),
                // spans reach the viewer within a second instead of Quarkus's default five
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "1s");
    }

    /**
     * Without a collector a service still propagates trace context, but keeps no trace it starts (nothing to send
     * it to); a benchmark's clients send no traceparent, so nothing is exported.
     */
    public static Map<String, String> withoutCollector() {
        return Map.of("QUARKUS_OTEL_TRACES_SAMPLER_ARG", "0.0");
    }

    @Override
    public String endpoint() {
        return baseUrl() + " (every request's and every purchase's trace across the services)";
    }
}

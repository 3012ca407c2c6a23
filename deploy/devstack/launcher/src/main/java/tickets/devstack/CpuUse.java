package tickets.devstack;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time spent by each component of the local stack between two snapshots (the kernel's per
 * process accounting, read through {@link ProcessHandle}): which process the cores went to during a
 * run, not a guess from {@code top}. A process is named by its command line (a service by its jar);
 * what matches nothing is "other". Meant for an otherwise idle machine: every process counts.
 */
public final class CpuUse {

    /** A service's jar: {@code .../<name>-service/target/quarkus-app/...}. */
    private static final java.util.regex.Pattern SERVICE = java.util.regex.Pattern.compile("/([a-z]+-service)/target/");
    /** Component name → what its command line contains; the first match wins. */
    private static final Map<String, List<String>> COMPONENTS = new LinkedHashMap<>();

    static {
        // in this order: a JVM's class path names other components' jars (the relay's has Kafka's and PostgreSQL's)
        COMPONENTS.put("outbox relay", List.of("devstack/relay/"));
        COMPONENTS.put("Kafka", List.of("devstack/kafka/"));
        COMPONENTS.put("payment provider", List.of("devstack/payment-provider/"));
        COMPONENTS.put("Keycloak", List.of("keycloak"));
        COMPONENTS.put("PostgreSQL", List.of("postgres"));
        COMPONENTS.put("nginx", List.of("nginx"));
    }

    private final Map<String, Duration> byComponent;
    /** Per process (pid → component, CPU so far), so a delta counts each process that lived through it. */
    private final Map<Long, Map.Entry<String, Duration>> byProcess;

    private CpuUse(Map<String, Duration> byComponent, Map<Long, Map.Entry<String, Duration>> byProcess) {
        this.byComponent = byComponent;
        this.byProcess = byProcess;
    }

    public static CpuUse now() {
        long self = ProcessHandle.current().pid();
        Map<Long, Map.Entry<String, Duration>> processes = new LinkedHashMap<>();
        ProcessHandle.allProcesses().forEach(process -> {
            Duration cpu = process.info().totalCpuDuration().orElse(Duration.ZERO);
            String name = process.pid() == self ? "benchmark client" : componentOf(process.info().commandLine().orElse(""));
            processes.put(process.pid(), Map.entry(name, cpu));
        });
        return new CpuUse(sum(processes), processes);
    }

    private static Map<String, Duration> sum(Map<Long, Map.Entry<String, Duration>> processes) {
        Map<String, Duration> sums = new LinkedHashMap<>();
        processes.values().forEach(process -> sums.merge(process.getKey(), process.getValue(), Duration::plus));
        return sums;
    }

    private static String componentOf(String commandLine) {
        var service = SERVICE.matcher(commandLine);
        if (service.find()) {
            return service.group(1);
        }
        for (var component : COMPONENTS.entrySet()) {
            if (component.getValue().stream().anyMatch(commandLine::contains)) {
                return component.getKey();
            }
        }
        return "other";
    }

    /**
     * CPU per component from {@code before} until this snapshot: what each process spent in between
     * (all of it for a process started in between; a process that ended in between is not counted).
     */
    public CpuUse since(CpuUse before) {
        Map<Long, Map.Entry<String, Duration>> spent = new LinkedHashMap<>();
        byProcess.forEach((pid, process) -> {
            var earlier = before.byProcess.get(pid);
            Duration delta = earlier == null ? process.getValue() : process.getValue().minus(earlier.getValue());
            spent.put(pid, Map.entry(process.getKey(), delta.isNegative() ? Duration.ZERO : delta));
        });
        return new CpuUse(sum(spent), spent);
    }

    public Duration total() {
        return byComponent.values().stream().reduce(Duration.ZERO, Duration::plus);
    }

    /** "reservations-service 0.41, outbox relay 0.30, …, total 1.62 ms per decision" (components above 1% only). */
    public String perUnit(int units, String unit) {
        double total = total().toNanos() / 1e6 / units;
        return byComponent.entrySet().stream()
                .filter(e -> e.getValue().toNanos() / 1e6 / units >= total / 100)
                .sorted(Map.Entry.<String, Duration>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue().toNanos() / 1e6 / units))
                .collect(Collectors.joining(", ", "", String.format(Locale.ROOT, "; total %.2f ms of CPU per %s", total, unit)));
    }
}

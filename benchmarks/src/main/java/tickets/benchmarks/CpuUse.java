package tickets.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time spent by each component of the local stack between two snapshots (the kernel's per
 * process accounting, read through {@link ProcessHandle}): which process the cores went to during a
 * run, not a guess from {@code top}. A process is named by its command line; what matches nothing
 * is "other".
 */
final class CpuUse {

    /** Component name → what its command line contains; the first match wins. */
    private static final Map<String, List<String>> COMPONENTS = new LinkedHashMap<>();

    static {
        // in this order: a JVM's class path names other components' jars (the relay's has Kafka's and PostgreSQL's)
        COMPONENTS.put("reservations-service", List.of("reservations-service"));
        COMPONENTS.put("carts-service", List.of("carts-service"));
        COMPONENTS.put("outbox relay", List.of("devstack/relay/"));
        COMPONENTS.put("Kafka", List.of("devstack/kafka/"));
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

    static CpuUse now() {
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
        COMPONENTS.keySet().forEach(name -> sums.put(name, Duration.ZERO));
        sums.put("benchmark client", Duration.ZERO);
        sums.put("other", Duration.ZERO);
        processes.values().forEach(process -> sums.merge(process.getKey(), process.getValue(), Duration::plus));
        return sums;
    }

    private static String componentOf(String commandLine) {
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
    CpuUse since(CpuUse before) {
        Map<Long, Map.Entry<String, Duration>> spent = new LinkedHashMap<>();
        byProcess.forEach((pid, process) -> {
            var earlier = before.byProcess.get(pid);
            Duration delta = earlier == null ? process.getValue() : process.getValue().minus(earlier.getValue());
            spent.put(pid, Map.entry(process.getKey(), delta.isNegative() ? Duration.ZERO : delta));
        });
        return new CpuUse(sum(spent), spent);
    }

    Duration total() {
        return byComponent.values().stream().reduce(Duration.ZERO, Duration::plus);
    }

    /** "reservations-service 0.41, outbox relay 0.30, …, total 1.62 ms per decision" (components above 1% only). */
    String perUnit(int units, String unit) {
        double total = total().toNanos() / 1e6 / units;
        return byComponent.entrySet().stream()
                .filter(e -> e.getValue().toNanos() / 1e6 / units >= total / 100)
                .sorted(Map.Entry.<String, Duration>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue().toNanos() / 1e6 / units))
                .collect(Collectors.joining(", ", "", String.format(Locale.ROOT, "; total %.2f ms of CPU per %s", total, unit)));
    }
}

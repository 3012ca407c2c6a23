package tickets.devstack.traces;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The spans received, grouped by trace, kept in memory (the newest {@code maxTraces}) and appended to a
 * JSON-lines file, which is read back on start so traces outlive a restart of the devstack.
 */
final class TraceStore {

    /** One span as the viewer and the tests read it; times in epoch nanoseconds. */
    record StoredSpan(String traceId, String spanId, String parentSpanId, String service, String name, String kind,
                      long startNanos, long endNanos, String status, Map<String, String> attributes) {
    }

    /** One trace in a list: where it started and what it crossed. */
    record TraceSummary(String traceId, String root, List<String> services, int spans, long startNanos, double durationMs) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final int maxTraces;
    private final LinkedHashMap<String, List<StoredSpan>> traces = new LinkedHashMap<>();
    private final BufferedWriter file;

    TraceStore(Path file, int maxTraces) throws IOException {
        this.maxTraces = maxTraces;
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    try {
                        keep(json.readValue(line, StoredSpan.class));
                    } catch (IOException torn) {
                        // a line cut short by a crash: the rest is still worth keeping
                    }
                }
            }
        }
        this.file = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    synchronized void add(List<StoredSpan> spans) throws IOException {
        for (StoredSpan span : spans) {
            keep(span);
            file.write(json.writeValueAsString(span));
            file.newLine();
        }
        file.flush();
    }

    private void keep(StoredSpan span) {
        traces.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
        while (traces.size() > maxTraces) {
            traces.remove(traces.keySet().iterator().next());
        }
    }

    synchronized List<StoredSpan> trace(String traceId) {
        List<StoredSpan> spans = new ArrayList<>(traces.getOrDefault(traceId, List.of()));
        spans.sort(Comparator.comparingLong(StoredSpan::startNanos));
        return spans;
    }

    /** The newest traces first. */
    synchronized List<TraceSummary> recent(int limit) {
        List<TraceSummary> summaries = new ArrayList<>();
        List<String> ids = new ArrayList<>(traces.keySet());
        for (int i = ids.size() - 1; i >= 0 && summaries.size() < limit; i--) {
            summaries.add(summary(ids.get(i), traces.get(ids.get(i))));
        }
        return summaries;
    }

    private static TraceSummary summary(String traceId, List<StoredSpan> spans) {
        long start = spans.stream().mapToLong(StoredSpan::startNanos).min().orElse(0);
        long end = spans.stream().mapToLong(StoredSpan::endNanos).max().orElse(0);
        StoredSpan root = spans.stream().filter(s -> s.parentSpanId().isEmpty()).findFirst()
                .orElse(spans.stream().min(Comparator.comparingLong(StoredSpan::startNanos)).orElseThrow());
        TreeSet<String> services = new TreeSet<>();
        spans.forEach(s -> services.add(s.service()));
        return new TraceSummary(traceId, root.service() + ": " + root.name(), List.copyOf(services), spans.size(), start,
                (end - start) / 1_000_000.0);
    }

    synchronized void close() throws IOException {
        file.close();
    }
}

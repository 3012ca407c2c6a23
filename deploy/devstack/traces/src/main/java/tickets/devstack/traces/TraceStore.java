package tickets.devstack.traces;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The spans received, grouped by trace, kept in memory and appended to a JSON-lines file, which is read back on
 * start so traces outlive a restart of the devstack.
 *
 * <p>Bounded: at most {@link Limits#maxTraces()} traces, {@link Limits#maxSpans()} spans and
 * {@link Limits#maxBytes()} bytes of spans (as written to the file), the oldest trace dropped first. The file is
 * rewritten with what is kept once it holds twice that, so it stays bounded too. At start it is read line by line,
 * and at most its newest {@code 2 × maxBytes}: an oversized, torn or corrupt file costs a log line, never the start.
 */
final class TraceStore {

    /** One span as the viewer and the tests read it; times in epoch nanoseconds. */
    record StoredSpan(String traceId, String spanId, String parentSpanId, String service, String name, String kind,
                      long startNanos, long endNanos, String status, Map<String, String> attributes) {
    }

    /** One trace in a list: where it started and what it crossed. */
    record TraceSummary(String traceId, String root, List<String> services, int spans, long startNanos, double durationMs) {
    }

    /** What the store keeps at most; the oldest traces go first. */
    record Limits(int maxTraces, int maxSpans, long maxBytes) {

        /** A few hundred purchases' traces; some 100 MB of heap when full. */
        static final Limits DEFAULT = new Limits(5_000, 100_000, 32L << 20);

        Limits {
            if (maxTraces < 1 || maxSpans < 1 || maxBytes < 1) {
                throw new IllegalArgumentException("the trace store's limits are positive: " + maxTraces + " traces, "
                        + maxSpans + " spans, " + maxBytes + " bytes");
            }
        }

        /** {@link #DEFAULT}, each overridable: TRACES_MAX_TRACES, TRACES_MAX_SPANS, TRACES_MAX_BYTES. */
        static Limits from(Map<String, String> environment) {
            return new Limits(
                    Integer.parseInt(environment.getOrDefault("TRACES_MAX_TRACES", Integer.toString(DEFAULT.maxTraces)).strip()),
                    Integer.parseInt(environment.getOrDefault("TRACES_MAX_SPANS", Integer.toString(DEFAULT.maxSpans)).strip()),
                    Long.parseLong(environment.getOrDefault("TRACES_MAX_BYTES", Long.toString(DEFAULT.maxBytes)).strip()));
        }

        /** The file is compacted beyond this, and at start no more than this of its end is read. */
        long maxFileBytes() {
            return 2 * maxBytes;
        }
    }

    /** How full the store is, for the viewer. */
    record Usage(int traces, int spans, long bytes, long droppedTraces, Limits limits) {
    }

    /** A line longer than this is no span of ours (nor could the store keep it): it is read past, never held. */
    private static final int MAX_LINE_CHARS = 1 << 20;

    private final ObjectMapper json = new ObjectMapper();
    private final Limits limits;
    private final Path path;
    private final Consumer<String> log;
    private final LinkedHashMap<String, Trace> traces = new LinkedHashMap<>();
    private int spanCount;
    private long byteCount;
    private long droppedTraces;
    private long fileBytes;
    private OutputStream file;

    /** One trace's spans and their size as lines of the file. */
    private static final class Trace {
        final List<StoredSpan> spans = new ArrayList<>();
        long bytes;
    }

    TraceStore(Path file, Limits limits, Consumer<String> log) throws IOException {
        this.limits = limits;
        this.path = file.toAbsolutePath();
        this.log = log;
        Files.createDirectories(path.getParent());
        boolean rewrite = Files.exists(path) && !load();
        if (rewrite) {
            compact();
        } else {
            this.file = append();
        }
    }

    synchronized void add(List<StoredSpan> spans) throws IOException {
        for (StoredSpan span : spans) {
            byte[] line = line(span);
            keep(span, line.length);
            file.write(line);
            fileBytes += line.length;
        }
        file.flush();
        if (fileBytes > limits.maxFileBytes()) {
            compact();
        }
    }

    synchronized List<StoredSpan> trace(String traceId) {
        Trace trace = traces.get(traceId);
        List<StoredSpan> spans = trace == null ? new ArrayList<>() : new ArrayList<>(trace.spans);
        spans.sort(Comparator.comparingLong(StoredSpan::startNanos));
        return spans;
    }

    /** The newest traces first. */
    synchronized List<TraceSummary> recent(int limit) {
        List<TraceSummary> summaries = new ArrayList<>();
        List<String> ids = new ArrayList<>(traces.keySet());
        for (int i = ids.size() - 1; i >= 0 && summaries.size() < limit; i--) {
            summaries.add(summary(ids.get(i), traces.get(ids.get(i)).spans));
        }
        return summaries;
    }

    synchronized Usage usage() {
        return new Usage(traces.size(), spanCount, byteCount, droppedTraces, limits);
    }

    synchronized void close() throws IOException {
        file.close();
    }

    private void keep(StoredSpan span, int bytes) {
        Trace trace = traces.computeIfAbsent(span.traceId(), id -> new Trace());
        trace.spans.add(span);
        trace.bytes += bytes;
        spanCount++;
        byteCount += bytes;
        Iterator<Trace> oldestFirst = traces.values().iterator();
        while (oldestFirst.hasNext()
                && (traces.size() > limits.maxTraces() || spanCount > limits.maxSpans() || byteCount > limits.maxBytes())) {
            Trace oldest = oldestFirst.next();
            oldestFirst.remove();
            spanCount -= oldest.spans.size();
            byteCount -= oldest.bytes;
            droppedTraces++;
        }
    }

    private byte[] line(StoredSpan span) throws IOException {
        return (json.writeValueAsString(span) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads the file back: only its newest {@link Limits#maxFileBytes()}, line by line, skipping what is not a span.
     * False when the file holds anything the store does not keep (older spans, bad lines), so it is rewritten.
     */
    private boolean load() {
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            log.accept("traces: cannot read " + path + " (" + e + "); starting without the earlier traces");
            return false;
        }
        long from = Math.max(0, size - limits.maxFileBytes());
        if (from > 0) {
            log.accept("traces: " + path + " is " + megabytes(size) + ", more than the store keeps; reading only its newest "
                    + megabytes(size - from));
        }
        int[] skipped = new int[1];
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.position(from);
            // bytes that are not UTF-8 (a torn write) become U+FFFD, and that line is then no JSON span
            Reader in = new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
            readLines(in, from > 0, line -> {
                StoredSpan span = line == null ? null : parse(line);
                if (span == null) {
                    skipped[0]++;
                    return;
                }
                try {
                    keep(span, line(span).length);
                } catch (IOException e) {
                    skipped[0]++;
                }
            });
        } catch (IOException | RuntimeException e) {
            log.accept("traces: cannot read " + path + " (" + e + "); starting without the earlier traces");
            traces.clear();
            spanCount = 0;
            byteCount = 0;
            return false;
        }
        if (skipped[0] > 0) {
            log.accept("traces: skipped " + skipped[0] + " line(s) of " + path + " that are no span (torn by a crash, or corrupt)");
        }
        log.accept("traces: kept " + traces.size() + " trace(s), " + spanCount + " span(s) from " + path
                + (droppedTraces > 0 ? "; " + droppedTraces + " older trace(s) dropped" : ""));
        return from == 0 && skipped[0] == 0 && size == byteCount;
    }

    /** A span line we wrote, or null for anything else. */
    private StoredSpan parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            StoredSpan span = json.readValue(line, StoredSpan.class);
            boolean complete = span.traceId() != null && span.spanId() != null
                    && span.parentSpanId() != null && span.service() != null && span.name() != null && span.kind() != null
                    && span.status() != null && span.attributes() != null;
            return complete ? span : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Calls {@code each} with every line of {@code in}, or with null for one longer than {@link #MAX_LINE_CHARS}
     * (read past, never held); the first line is skipped when reading starts within it. A last line without its
     * newline (a write cut short) counts too.
     */
    private static void readLines(Reader in, boolean skipFirst, Consumer<String> each) throws IOException {
        char[] buffer = new char[64 * 1024];
        StringBuilder line = new StringBuilder();
        boolean overlong = false;
        boolean skipping = skipFirst;
        for (int read; (read = in.read(buffer)) > 0; ) {
            int from = 0;
            for (int i = 0; i < read; i++) {
                if (buffer[i] != '\n') {
                    continue;
                }
                overlong = append(line, buffer, from, i, overlong);
                if (skipping) {
                    skipping = false;
                } else {
                    each.accept(overlong ? null : line.toString());
                }
                line.setLength(0);
                overlong = false;
                from = i + 1;
            }
            overlong = append(line, buffer, from, read, overlong);
        }
        if (!skipping && (overlong || !line.isEmpty())) {
            each.accept(overlong ? null : line.toString());
        }
    }

    private static boolean append(StringBuilder line, char[] buffer, int from, int to, boolean overlong) {
        if (overlong || line.length() + (to - from) > MAX_LINE_CHARS) {
            line.setLength(0);
            return true;
        }
        line.append(buffer, from, to - from);
        return false;
    }

    /** Rewrites the file with exactly the spans kept (a new file moved into place), then appends to it. */
    private void compact() throws IOException {
        if (file != null) {
            file.close();
        }
        Path next = path.resolveSibling(path.getFileName() + ".next");
        long written = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(next))) {
            for (Trace trace : traces.values()) {
                for (StoredSpan span : trace.spans) {
                    byte[] line = line(span);
                    out.write(line);
                    written += line.length;
                }
            }
        }
        Files.move(next, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        fileBytes = written;
        file = append();
    }

    private OutputStream append() throws IOException {
        fileBytes = Files.exists(path) ? Files.size(path) : 0;
        return new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
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
}

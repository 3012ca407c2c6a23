package tickets.devstack.traces;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collector's store stays bounded by traces, spans and bytes (the oldest trace dropped first), in memory and in
 * its file, and no earlier file stops a start: a corrupt one is skipped line by line, an oversized one is read only
 * from its newest part.
 */
class TraceStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void keeps_at_most_the_newest_traces_and_a_restart_reads_the_same() throws IOException {
        TraceStore store = open(new TraceStore.Limits(3, 1_000, 1_000_000));
        for (int trace = 1; trace <= 5; trace++) {
            store.add(List.of(span(trace, 1)));
        }

        assertThat(ids(store)).containsExactly(traceId(5), traceId(4), traceId(3));
        assertThat(store.trace(traceId(1))).isEmpty();
        assertThat(store.usage().droppedTraces()).isEqualTo(2);
        store.close();

        TraceStore reopened = open(new TraceStore.Limits(3, 1_000, 1_000_000));
        assertThat(ids(reopened)).containsExactly(traceId(5), traceId(4), traceId(3));
        assertThat(reopened.trace(traceId(3))).hasSize(1);
    }

    @Test
    void keeps_at_most_max_spans_dropping_whole_traces_oldest_first() throws IOException {
        TraceStore store = open(new TraceStore.Limits(100, 5, 1_000_000));
        for (int trace = 1; trace <= 3; trace++) {
            store.add(List.of(span(trace, 1), span(trace, 2)));
        }

        assertThat(ids(store)).containsExactly(traceId(3), traceId(2));
        assertThat(store.usage().spans()).isEqualTo(4);
        assertThat(store.trace(traceId(2))).hasSize(2);
    }

    @Test
    void keeps_at_most_max_bytes_and_its_file_never_holds_more_than_twice_that() throws IOException {
        long line = lineBytes(span(1, 1));
        TraceStore.Limits limits = new TraceStore.Limits(1_000, 100_000, 10 * line);
        TraceStore store = open(limits);
        Path file = dir.resolve("spans.jsonl");
        for (int trace = 1; trace <= 100; trace++) {
            store.add(List.of(span(trace, 1)));
            assertThat(Files.size(file)).isLessThanOrEqualTo(limits.maxFileBytes());
            assertThat(store.usage().bytes()).isLessThanOrEqualTo(limits.maxBytes());
        }

        List<String> newestTen = IntStream.iterate(100, i -> i - 1).limit(10).mapToObj(TraceStoreTest::traceId).toList();
        assertThat(ids(store)).isEqualTo(newestTen);
        store.close();
        assertThat(ids(open(limits))).isEqualTo(newestTen);
    }

    @Test
    void a_corrupt_file_costs_its_bad_lines_and_a_log_line_not_the_start() throws IOException {
        Path file = dir.resolve("spans.jsonl");
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        write(content, JSON.writeValueAsString(span(1, 1)) + "\n");
        write(content, "not json at all\n");
        write(content, "{\"traceId\":\"" + traceId(9) + "\"}\n");                     // JSON, but no span
        content.write(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\n'});          // not UTF-8
        write(content, "{\"name\":\"" + "x".repeat(2_000_000) + "\"}\n");              // one line of 2 MB
        write(content, JSON.writeValueAsString(span(2, 1)) + "\n");
        String torn = JSON.writeValueAsString(span(3, 1));
        write(content, torn.substring(0, torn.length() / 2));                          // cut short by a crash
        Files.write(file, content.toByteArray());

        TraceStore store = open(new TraceStore.Limits(100, 1_000, 10_000_000));

        assertThat(ids(store)).containsExactly(traceId(2), traceId(1));
        assertThat(log).anyMatch(line -> line.contains("skipped 5 line(s)"));
        // rewritten with what it keeps, so what is appended now is not glued to the torn line
        assertThat(Files.readAllLines(file)).hasSize(2);
        store.add(List.of(span(4, 1)));
        store.close();
        log.clear();
        assertThat(ids(open(new TraceStore.Limits(100, 1_000, 10_000_000))))
                .containsExactly(traceId(4), traceId(2), traceId(1));
        assertThat(log).noneMatch(line -> line.contains("skipped"));
    }

    @Test
    void an_oversized_file_is_read_only_from_its_newest_part_and_cut_to_what_is_kept() throws IOException {
        long line = lineBytes(span(1, 1));
        TraceStore.Limits limits = new TraceStore.Limits(1_000, 100_000, 20 * line);
        Path file = dir.resolve("spans.jsonl");
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, "{\"name\":\"" + "x".repeat(3_000_000) + "\"}\n"); // older data, far beyond the bound
            for (int trace = 1; trace <= 2_000; trace++) {
                write(out, JSON.writeValueAsString(span(trace, 1)) + "\n");
            }
        }
        assertThat(Files.size(file)).isGreaterThan(100 * limits.maxFileBytes());

        TraceStore store = open(limits);

        assertThat(log).anyMatch(entry -> entry.contains("reading only its newest"));
        List<String> kept = ids(store);
        assertThat(kept).hasSize(20).startsWith(traceId(2_000)).doesNotContain(traceId(1), traceId(1_000));
        assertThat(Files.size(file)).isLessThanOrEqualTo(limits.maxBytes());
    }

    private TraceStore open(TraceStore.Limits limits) throws IOException {
        return new TraceStore(dir.resolve("spans.jsonl"), limits, log::add);
    }

    private static List<String> ids(TraceStore store) {
        return new ArrayList<>(store.recent(1_000).stream().map(TraceStore.TraceSummary::traceId).toList());
    }

    private static TraceStore.StoredSpan span(int trace, int span) {
        return new TraceStore.StoredSpan(traceId(trace), "%016x".formatted(span), span == 1 ? "" : "%016x".formatted(1),
                "carts-service", "POST /api/carts", "server", 1_700_000_000_000_000_000L + trace,
                1_700_000_000_020_000_000L + trace, "ok", Map.of("http.route", "/api/carts"));
    }

    private static String traceId(int trace) {
        return "%032x".formatted(trace);
    }

    private static long lineBytes(TraceStore.StoredSpan span) throws IOException {
        return (JSON.writeValueAsString(span) + "\n").getBytes(StandardCharsets.UTF_8).length;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}

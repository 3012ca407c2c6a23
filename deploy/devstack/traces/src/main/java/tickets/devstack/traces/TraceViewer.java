package tickets.devstack.traces;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The collector's pages: plain HTML, no scripts. */
final class TraceViewer {

    private TraceViewer() {
    }

    static String list(List<TraceStore.TraceSummary> traces, TraceStore.Usage usage) {
        StringBuilder html = page("Traces");
        html.append("<h1>Traces</h1><p>The newest first. A purchase is one trace from the request that confirmed its cart"
                + " to its tickets delivered.</p>").append(String.format("<p>Kept: %,d of at most %,d traces, %,d of %,d spans,"
                        + " %.1f of %.1f MB; the oldest trace goes first (%,d so far).</p>", usage.traces(),
                usage.limits().maxTraces(), usage.spans(), usage.limits().maxSpans(), usage.bytes() / 1e6,
                usage.limits().maxBytes() / 1e6, usage.droppedTraces())).append("<table><tr><th>started</th><th>trace</th><th>root</th><th>services</th>"
                + "<th>spans</th><th>ms</th></tr>");
        for (TraceStore.TraceSummary trace : traces) {
            html.append("<tr><td>").append(TraceCollectorMain.time(trace.startNanos())).append("</td><td><a href=\"/traces/")
                    .append(trace.traceId()).append("\">").append(trace.traceId()).append("</a></td><td>")
                    .append(escape(trace.root())).append("</td><td>").append(escape(String.join(", ", trace.services())))
                    .append("</td><td>").append(trace.spans()).append("</td><td>")
                    .append(String.format("%.1f", trace.durationMs())).append("</td></tr>");
        }
        return html.append("</table></body></html>").toString();
    }

    /** One trace as an indented tree (parents before their children), with each span's offset and length. */
    static String trace(String traceId, List<TraceStore.StoredSpan> spans) {
        StringBuilder html = page("Trace " + traceId);
        html.append("<h1>Trace ").append(traceId).append("</h1><p><a href=\"/\">all traces</a></p>");
        if (spans.isEmpty()) {
            return html.append("<p>No spans (yet) for this trace.</p></body></html>").toString();
        }
        long start = spans.stream().mapToLong(TraceStore.StoredSpan::startNanos).min().orElse(0);
        long end = spans.stream().mapToLong(TraceStore.StoredSpan::endNanos).max().orElse(start + 1);
        double total = Math.max(1, end - start);
        Map<String, List<TraceStore.StoredSpan>> children = new HashMap<>();
        Set<String> ids = new HashSet<>();
        spans.forEach(span -> ids.add(span.spanId()));
        List<TraceStore.StoredSpan> roots = new ArrayList<>();
        for (TraceStore.StoredSpan span : spans) {
            if (span.parentSpanId().isEmpty() || !ids.contains(span.parentSpanId())) {
                roots.add(span);
            } else {
                children.computeIfAbsent(span.parentSpanId(), id -> new ArrayList<>()).add(span);
            }
        }
        html.append("<table><tr><th>service</th><th>span</th><th>kind</th><th>at ms</th><th>ms</th><th></th></tr>");
        for (TraceStore.StoredSpan root : roots) {
            row(html, root, 0, children, start, total);
        }
        return html.append("</table></body></html>").toString();
    }

    private static void row(StringBuilder html, TraceStore.StoredSpan span, int depth,
                            Map<String, List<TraceStore.StoredSpan>> children, long start, double total) {
        double offset = (span.startNanos() - start) / 1_000_000.0;
        double length = (span.endNanos() - span.startNanos()) / 1_000_000.0;
        html.append("<tr").append(span.status().equals("error") ? " class=\"error\"" : "").append("><td>")
                .append(escape(span.service())).append("</td><td style=\"padding-left:").append(depth * 16).append("px\" title=\"")
                .append(escape(span.attributes().toString())).append("\">").append(escape(span.name())).append("</td><td>")
                .append(span.kind()).append("</td><td>").append(String.format("%.1f", offset)).append("</td><td>")
                .append(String.format("%.1f", length)).append("</td><td><div class=\"bar\" style=\"margin-left:")
                .append(String.format("%.2f", 100 * (span.startNanos() - start) / total)).append("%;width:")
                .append(String.format("%.2f", Math.max(0.3, 100 * (span.endNanos() - span.startNanos()) / total)))
                .append("%\"></div></td></tr>");
        for (TraceStore.StoredSpan child : children.getOrDefault(span.spanId(), List.of())) {
            row(html, child, depth + 1, children, start, total);
        }
    }

    private static StringBuilder page(String title) {
        return new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title><style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;width:100%}"
                        + "td,th{border-bottom:1px solid #ddd;padding:2px 6px;text-align:left;font-size:13px;white-space:nowrap}"
                        + "td:last-child{width:40%}.bar{background:#4a7;height:10px}.error td{color:#b00}</style></head><body>");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package tickets.devstack.traces;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import tickets.devstack.process.ParentWatch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A trace collector for the local platform: receives the services' spans over OTLP/HTTP (protobuf, as
 * Quarkus's exporter sends them), keeps them ({@link TraceStore}) and shows them.
 *
 * <pre>
 * POST /v1/traces              OTLP ExportTraceServiceRequest (application/x-protobuf, gzip or not)
 * GET  /                       the newest traces, each with the services it crossed (HTML)
 * GET  /traces/{traceId}       one trace as a tree of spans with their timing (HTML)
 * GET  /api/traces             the newest traces (JSON); ?limit=
 * GET  /api/traces/{traceId}   one trace's spans (JSON), by start time
 * </pre>
 *
 * Arguments: {@code <port>}; environment: {@code TRACES_FILE} (default {@code spans.jsonl}) and the store's bounds,
 * {@code TRACES_MAX_TRACES}, {@code TRACES_MAX_SPANS}, {@code TRACES_MAX_BYTES} ({@link TraceStore.Limits#DEFAULT}).
 * It is the devstack's stand-in for a tracing backend (Jaeger, Tempo), which cannot run here without Docker.
 */
public final class TraceCollectorMain {

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final HexFormat HEX = HexFormat.of();

    private final TraceStore store;
    private final ObjectMapper json = new ObjectMapper();

    TraceCollectorMain(TraceStore store) {
        this.store = store;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String file = System.getenv().getOrDefault("TRACES_FILE", "spans.jsonl");
        TraceStore store = new TraceStore(Path.of(file), TraceStore.Limits.from(System.getenv()), System.out::println);
        HttpServer server = start(port, store);
        ParentWatch.exitWhenParentEnds(() -> server.stop(0));
        System.out.println("DEVSTACK-READY traces port=" + port);
        System.out.flush();
        Thread.currentThread().join();
    }

    static HttpServer start(int port, TraceStore store) throws IOException {
        TraceCollectorMain collector = new TraceCollectorMain(store);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", collector::handle);
        server.start();
        return server;
    }

    private void handle(HttpExchange exchange) throws IOException {
        // the exchange is closed only after an error has been answered too
        try (exchange) {
            route(exchange);
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("POST") && path.endsWith("/v1/traces")) {
                receive(exchange);
            } else if (method.equals("GET") && path.equals("/api/traces")) {
                respond(exchange, 200, "application/json", json.writeValueAsBytes(store.recent(limit(exchange))));
            } else if (method.equals("GET") && path.startsWith("/api/traces/") && isTraceId(path.substring(12))) {
                respond(exchange, 200, "application/json", json.writeValueAsBytes(store.trace(path.substring(12))));
            } else if (method.equals("GET") && path.startsWith("/traces/") && isTraceId(path.substring(8))) {
                respond(exchange, 200, "text/html; charset=utf-8", TraceViewer.trace(path.substring(8), store.trace(path.substring(8)))
                        .getBytes(StandardCharsets.UTF_8));
            } else if (method.equals("GET") && path.equals("/")) {
                respond(exchange, 200, "text/html; charset=utf-8", TraceViewer.list(store.recent(limit(exchange)), store.usage())
                        .getBytes(StandardCharsets.UTF_8));
            } else {
                respond(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException | com.google.protobuf.InvalidProtocolBufferException e) {
            respond(exchange, 400, "text/plain", (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            e.printStackTrace();
            respond(exchange, 500, "text/plain", (e + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        InputStream body = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            body = new GZIPInputStream(body);
        }
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body.readAllBytes());
        store.add(spans(request));
        respond(exchange, 200, "application/x-protobuf", ExportTraceServiceResponse.getDefaultInstance().toByteArray());
    }

    /** The spans of an OTLP request, each with its service's name (the resource's service.name). */
    static List<TraceStore.StoredSpan> spans(ExportTraceServiceRequest request) {
        List<TraceStore.StoredSpan> spans = new ArrayList<>();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String service = attributes(resource.getResource().getAttributesList()).getOrDefault("service.name", "unknown");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    spans.add(new TraceStore.StoredSpan(HEX.formatHex(span.getTraceId().toByteArray()),
                            HEX.formatHex(span.getSpanId().toByteArray()), HEX.formatHex(span.getParentSpanId().toByteArray()),
                            service, span.getName(), kind(span.getKind()), span.getStartTimeUnixNano(), span.getEndTimeUnixNano(),
                            span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR ? "error" : "ok",
                            attributes(span.getAttributesList())));
                }
            }
        }
        return spans;
    }

    private static String kind(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_SERVER -> "server";
            case SPAN_KIND_CLIENT -> "client";
            case SPAN_KIND_PRODUCER -> "producer";
            case SPAN_KIND_CONSUMER -> "consumer";
            default -> "internal";
        };
    }

    private static Map<String, String> attributes(List<KeyValue> values) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (KeyValue value : values) {
            attributes.put(value.getKey(), text(value.getValue()));
        }
        return attributes;
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> value.toString().strip();
        };
    }

    private static boolean isTraceId(String text) {
        if (!TRACE_ID.matcher(text).matches()) {
            throw new IllegalArgumentException("a trace id is 32 lowercase hex digits");
        }
        return true;
    }

    private static int limit(HttpExchange exchange) {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    query.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        try {
            return Math.max(1, Math.min(1000, Integer.parseInt(query.getOrDefault("limit", "50"))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit is a number from 1 to 1000");
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static String time(long epochNanos) {
        return Instant.ofEpochSecond(0, epochNanos).toString();
    }
}

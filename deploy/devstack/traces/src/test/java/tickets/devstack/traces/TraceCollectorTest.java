package tickets.devstack.traces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The local collector receives OTLP as Quarkus sends it, keeps traces across a restart and shows them. */
class TraceCollectorTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private HttpServer server;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void spans_of_two_services_arrive_as_one_trace_and_survive_a_restart() throws Exception {
        int port = freePort();
        server = TraceCollectorMain.start(port, store());

        HttpResponse<byte[]> plain = post(port, request("carts-service", "POST /api/carts/{id}/confirmation", "00f067aa0ba902b7", ""), false);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
        assertThat(post(port, request("reservations-service", "reservations-carts CartConfirmed", "1111111111111111",
                "00f067aa0ba902b7"), true).statusCode()).isEqualTo(200);

        JsonNode spans = get(port, "/api/traces/" + TRACE);
        assertThat(spans).hasSize(2);
        assertThat(spans.get(0).path("service").asText()).isEqualTo("carts-service");
        assertThat(spans.get(1).path("parentSpanId").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(spans.get(1).path("attributes").path("messaging.system").asText()).isEqualTo("kafka");
        assertThat(get(port, "/api/traces").get(0).path("services").toString()).contains("carts-service", "reservations-service");
        String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/traces/" + TRACE)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("reservations-carts CartConfirmed").contains("carts-service");

        server.stop(0);
        server = TraceCollectorMain.start(port, store());
        http = HttpClient.newHttpClient(); // the old server's pooled connections are gone
        assertThat(get(port, "/api/traces/" + TRACE)).hasSize(2);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/traces/not-an-id")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
    }

    private TraceStore store() throws java.io.IOException {
        return new TraceStore(dir.resolve("spans.jsonl"), new TraceStore.Limits(100, 1_000, 1_000_000), message -> { });
    }

    private static ExportTraceServiceRequest request(String service, String name, String spanId, String parentId) {
        HexFormat hex = HexFormat.of();
        Span span = Span.newBuilder().setTraceId(ByteString.copyFrom(hex.parseHex(TRACE)))
                .setSpanId(ByteString.copyFrom(hex.parseHex(spanId)))
                .setParentSpanId(parentId.isEmpty() ? ByteString.EMPTY : ByteString.copyFrom(hex.parseHex(parentId)))
                .setName(name).setKind(parentId.isEmpty() ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_CONSUMER)
                .setStartTimeUnixNano(1_700_000_000_000_000_000L + (parentId.isEmpty() ? 0 : 5_000_000))
                .setEndTimeUnixNano(1_700_000_000_020_000_000L)
                .addAttributes(KeyValue.newBuilder().setKey("messaging.system").setValue(AnyValue.newBuilder().setStringValue("kafka")))
                .build();
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build();
    }

    private HttpResponse<byte[]> post(int port, ExportTraceServiceRequest request, boolean gzip) throws Exception {
        byte[] body = request.toByteArray();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf");
        if (gzip) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
                out.write(body);
            }
            body = zipped.toByteArray();
            builder.header("Content-Encoding", "gzip");
        }
        return http.send(builder.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode get(int port, String path) throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

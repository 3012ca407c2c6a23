package tickets.eventsourcing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;

import java.util.List;

/**
 * W3C Trace Context ({@code traceparent}) as plain text, the form it takes in an outbox row and a Kafka
 * header: {@code 00-<trace id>-<span id>-<flags>}.
 */
public final class Traceparent {

    /** The header (and outbox column) name. */
    public static final String HEADER = "traceparent";

    private static final TextMapGetter<String> ONE_VALUE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(HEADER);
        }

        @Override
        public String get(String carrier, String key) {
            return HEADER.equals(key) ? carrier : null;
        }
    };

    private Traceparent() {
    }

    /** The current span's traceparent, or null outside any (valid) span. */
    public static String ofCurrentSpan() {
        return of(Span.current().getSpanContext());
    }

    public static String of(SpanContext span) {
        if (span == null || !span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /** The remote parent a traceparent names, as an OpenTelemetry context (the root context when it is absent or malformed). */
    public static Context parent(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent.strip(), ONE_VALUE);
    }

    /** The trace id of a traceparent, or null when it is not one. */
    public static String traceId(String traceparent) {
        SpanContext span = Span.fromContext(parent(traceparent)).getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }
}

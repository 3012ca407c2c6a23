package tickets.eventsourcing.inbox;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.MDC;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.Traceparent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One consumer span per event a service handles, child of the span that wrote the event (its record's
 * {@code traceparent} header, from the producer's outbox row), so a purchase is one trace from the first
 * request to the last event. The command the event causes runs "in" this span: its own outbox rows name it.
 * While the event is handled, its trace, correlation and causation are in the logging context (MDC).
 */
@ApplicationScoped
public class ConsumerSpans {

    /** The MDC keys every log line written while handling a command or an event carries. */
    public static final String MDC_TRACE_ID = "traceId";
    public static final String MDC_CORRELATION_ID = "correlationId";
    public static final String MDC_CAUSATION_ID = "causationId";

    @Inject
    Tracer tracer;

    /** Handles one event in its span; the span ends (with the failure, if any) when {@code work} completes. */
    <T> Uni<T> around(String consumer, ConsumerRecord<String, String> record, String type, CommandContext context,
                      Function<CommandContext, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Span span = start(consumer, record, type, context);
            CommandContext inSpan = context.inSpan(Traceparent.of(span.getSpanContext()));
            enterLoggingContext(inSpan, span);
            return work.apply(inSpan)
                    .onItemOrFailure().invoke((item, failure) -> {
                        end(span, failure);
                        leaveLoggingContext();
                    });
        });
    }

    /** One span per event of a batch decided at once; they end together with the batch. */
    <T> Uni<T> aroundAll(String consumer, List<Handled> events, Function<List<CommandContext>, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            List<Span> spans = new ArrayList<>(events.size());
            List<CommandContext> contexts = new ArrayList<>(events.size());
            for (Handled event : events) {
                Span span = start(consumer, event.record(), event.type(), event.context());
                spans.add(span);
                contexts.add(event.context().inSpan(Traceparent.of(span.getSpanContext())));
            }
            return work.apply(contexts).onItemOrFailure().invoke((item, failure) -> spans.forEach(span -> end(span, failure)));
        });
    }

    /** An event about to be handled: its record, its type and the context it causes. */
    record Handled(ConsumerRecord<String, String> record, String type, CommandContext context) {
    }

    private Span start(String consumer, ConsumerRecord<String, String> record, String type, CommandContext context) {
        return tracer.spanBuilder(consumer + " " + type)
                .setParent(Traceparent.parent(context.traceparent()))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.destination.partition.id", String.valueOf(record.partition()))
                .setAttribute("messaging.kafka.offset", record.offset())
                .setAttribute("messaging.consumer.group.name", consumer)
                .setAttribute("messaging.message.id", context.causationId())
                .setAttribute("tickets.event.type", type)
                .setAttribute("tickets.correlation_id", context.correlationId())
                .startSpan();
    }

    private static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.toString());
        }
        span.end();
    }

    private static void enterLoggingContext(CommandContext context, Span span) {
        MDC.put(MDC_TRACE_ID, span.getSpanContext().getTraceId());
        MDC.put(MDC_CORRELATION_ID, context.correlationId());
        MDC.put(MDC_CAUSATION_ID, context.causationId());
    }

    private static void leaveLoggingContext() {
        MDC.remove(MDC_TRACE_ID);
        MDC.remove(MDC_CORRELATION_ID);
        MDC.remove(MDC_CAUSATION_ID);
    }
}

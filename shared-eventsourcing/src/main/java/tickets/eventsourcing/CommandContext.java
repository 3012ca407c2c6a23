package tickets.eventsourcing;

import tickets.eventsourcing.inbox.IncomingEvent;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Who asked for a change and why: stored with every event (metadata) and every outbox message
 * (headers). {@code correlationId} ties a saga together (for a purchase: the cart id);
 * {@code causationId} is the request, event or timer that caused this command.
 *
 * <p>The one correlation policy of the platform: a request starts its own correlation unless the
 * client names one; a saga step keeps the incoming event's correlation and names that event as
 * its cause ({@link #causedBy}); a timer keeps its stream's correlation ({@link #forTimer}).
 *
 * <p>{@code traceparent} (W3C Trace Context, may be null) is the span this command runs in: the request's,
 * or the consumer span of the event that caused it. The outbox writes it beside each message, so the next
 * service's work on a purchase joins the same trace.
 */
public record CommandContext(String correlationId, String causationId, String userId, String traceparent) {

    public CommandContext(String correlationId, String causationId, String userId) {
        this(correlationId, causationId, userId, null);
    }

    /** What a client may send as {@code X-Correlation-Id}: short, printable, no spaces. */
    private static final Pattern CLIENT_CORRELATION = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,100}");

    public CommandContext {
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(causationId, "causationId");
    }

    /**
     * A command from an HTTP request: caused by the request (a fresh id), correlated to the
     * client's correlation id when it sent a well-formed one, else to the request itself.
     */
    public static CommandContext ofRequest(String clientCorrelationId, String userId) {
        String requestId = "request:" + UUID.randomUUID();
        String traceparent = Traceparent.ofCurrentSpan();
        if (clientCorrelationId == null || clientCorrelationId.isEmpty()) {
            return new CommandContext(requestId, requestId, userId, traceparent);
        }
        if (!CLIENT_CORRELATION.matcher(clientCorrelationId).matches()) {
            throw ValidationException.field("X-Correlation-Id",
                    "at most 100 letters, digits or . _ : @ / + = - characters");
        }
        return new CommandContext(clientCorrelationId, requestId, userId, traceparent);
    }

    /** A request that correlates with nothing but itself: it belongs to no saga another decision could share. */
    public boolean startsItsOwnSaga() {
        return correlationId.equals(causationId);
    }

    /** A saga step: the incoming event's correlation (the purchase), caused by that event, in its trace. */
    public static CommandContext causedBy(IncomingEvent event) {
        String correlation = event.correlationId() == null || event.correlationId().isBlank()
                ? event.id().toString() : event.correlationId();
        return new CommandContext(correlation, event.id().toString(), null, event.traceparent());
    }

    /** A timer firing: the correlation of the stream it belongs to, caused by what set the timer. */
    public static CommandContext forTimer(String streamCorrelationId, String scheduledBy) {
        return new CommandContext(streamCorrelationId, scheduledBy, null);
    }

    /** The same, tied to another saga: e.g. a cart confirmation starts the purchase whose id is the cart's. */
    public CommandContext correlatedWith(UUID sagaId) {
        return new CommandContext(sagaId.toString(), causationId, userId, traceparent);
    }

    /** The same, on behalf of {@code user} (recorded in the events' metadata). */
    public CommandContext onBehalfOf(String user) {
        return new CommandContext(correlationId, causationId, user, traceparent);
    }

    /** The same, running in another span (a consumer's span for the event that caused it). */
    public CommandContext inSpan(String spanTraceparent) {
        return new CommandContext(correlationId, causationId, userId, spanTraceparent);
    }
}

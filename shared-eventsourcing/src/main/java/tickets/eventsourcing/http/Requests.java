package tickets.eventsourcing.http;

import io.quarkus.security.identity.SecurityIdentity;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.ValidationException;
import tickets.eventsourcing.security.AccessControl;

import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Small, shared pieces of turning an HTTP request into a command or a query. */
public final class Requests {

    /** Clients may tie their requests together; otherwise each request is its own correlation. */
    public static final String CORRELATION_HEADER = "X-Correlation-Id";

    private Requests() {
    }

    /**
     * The context of a command from this request: the caller (if logged in) and the client's correlation.
     * The request's log lines carry its correlation and causation from here on (the trace id they carry anyway).
     */
    public static CommandContext commandContext(SecurityIdentity identity, String correlationHeader) {
        String user = identity == null || identity.isAnonymous() ? null : AccessControl.userId(identity);
        CommandContext context = CommandContext.ofRequest(correlationHeader, user);
        org.jboss.logging.MDC.put(tickets.eventsourcing.inbox.ConsumerSpans.MDC_CORRELATION_ID, context.correlationId());
        org.jboss.logging.MDC.put(tickets.eventsourcing.inbox.ConsumerSpans.MDC_CAUSATION_ID, context.causationId());
        return context;
    }

    /** A body is required: an empty one is a 400, not a null pointer later. */
    public static <T> T requireBody(T body) {
        if (body == null) {
            throw new ValidationException("a JSON request body is required");
        }
        return body;
    }

    /** An id in the path; one that is not a UUID names nothing, so it is a 404 like an unknown id. */
    public static UUID pathId(String value, Function<String, RuntimeException> notFound) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw notFound.apply(value);
        }
    }

    /** A paging parameter: a whole number within bounds, else a 400 naming the parameter. */
    public static int intParam(String value, String name, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ValidationException.field(name, "must be a whole number from " + min + " to " + max);
    }

    /** Prefixes the field errors of a nested value, e.g. {@code capacity} becomes {@code ticketLevels[2].capacity}. */
    public static <T> T nested(String prefix, Supplier<T> build) {
        try {
            return build.get();
        } catch (tickets.contracts.InvalidValue e) {
            throw ValidationException.field(prefix + "." + e.field(), e.reason());
        } catch (ValidationException e) {
            var errors = e.errors().stream()
                    .map(error -> new ValidationException.FieldError(prefix + "." + error.field(), error.message()))
                    .toList();
            String message = errors.isEmpty() ? prefix + ": " + e.getMessage()
                    : errors.stream().map(error -> error.field() + ": " + error.message())
                            .collect(Collectors.joining("; "));
            throw new ValidationException(message, errors);
        }
    }
}

package tickets.eventsourcing.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import tickets.contracts.InvalidValue;
import tickets.eventsourcing.AccessDenied;
import tickets.eventsourcing.ConcurrencyConflict;
import tickets.eventsourcing.SqlFailures;
import tickets.eventsourcing.DomainRuleViolation;
import tickets.eventsourcing.PreconditionFailed;
import tickets.eventsourcing.ResourceNotFound;
import tickets.eventsourcing.ValidationException;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Maps the exception hierarchy to RFC 9457 problem details, once for every service. Clients get
 * a clear 4xx with a stable type; an unexpected failure is a 500 with an id to quote, never a
 * stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response validation(ValidationException e, UriInfo uri) {
        return respond(ProblemDetail.of("validation", "Invalid request", 400, e.getMessage(), path(uri))
                .withErrors(e.errors()));
    }

    @ServerExceptionMapper
    public Response invalidValue(InvalidValue e, UriInfo uri) {
        return validation(ValidationException.field(e.field(), e.reason()), uri);
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(UnsupportedMediaType e, UriInfo uri) {
        return respond(ProblemDetail.of("unsupported-media-type", "Unsupported media type", 415, e.getMessage(),
                path(uri)));
    }

    // Listed one by one (and ahead of the defaults) because Quarkus REST has built-in mappers for
    // some Jackson exceptions that answer 400 with an empty body.
    @ServerExceptionMapper(value = {JsonProcessingException.class, JsonParseException.class, JsonMappingException.class,
            MismatchedInputException.class, com.fasterxml.jackson.databind.exc.InvalidFormatException.class,
            com.fasterxml.jackson.databind.exc.ValueInstantiationException.class},
            priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response unreadableBody(JsonProcessingException e, UriInfo uri) {
        ValidationException validation = causeOfType(e, ValidationException.class);
        if (validation != null) {
            return validation(validation, uri);
        }
        InvalidValue invalid = causeOfType(e, InvalidValue.class);
        if (invalid != null) {
            return invalidValue(invalid, uri);
        }
        return respond(ProblemDetail.of("malformed-body", "Malformed request body", 400, describe(e), path(uri)));
    }

    @ServerExceptionMapper
    public Response unprocessable(tickets.eventsourcing.UnprocessableRequest e, UriInfo uri) {
        return respond(ProblemDetail.of("unprocessable", "Unprocessable request", 422, e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response notFound(ResourceNotFound e, UriInfo uri) {
        return respond(ProblemDetail.of("not-found", "Not found", 404, e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response stale(PreconditionFailed e, UriInfo uri) {
        return Response.fromResponse(respond(ProblemDetail.of("stale-version", "Precondition failed", 412,
                e.getMessage(), path(uri)))).header(HttpHeaders.ETAG, ETag.of(e.currentVersion()).headerValue()).build();
    }

    @ServerExceptionMapper
    public Response conflict(ConcurrencyConflict e, UriInfo uri) {
        return respond(ProblemDetail.of("concurrent-change", "Conflict", 409, e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response ruleViolated(DomainRuleViolation e, UriInfo uri) {
        return respond(ProblemDetail.of("rule-violated", "Not allowed in the current state", 409, e.getMessage(),
                path(uri)));
    }

    @ServerExceptionMapper
    public Response unavailable(tickets.eventsourcing.DependencyUnavailable e, UriInfo uri) {
        LOG.warnf("%s on %s: %s", e.getMessage(), path(uri), String.valueOf(e.getCause()));
        return Response.fromResponse(respond(ProblemDetail.of("unavailable", "Service unavailable", 503, e.getMessage(),
                path(uri)))).header(HttpHeaders.RETRY_AFTER, "5").build();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(respond(ProblemDetail.of("unauthenticated", "Unauthorized", 401,
                "a valid bearer token is required", path(uri)))).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        String detail = e.getMessage() == null || e.getMessage().isBlank() ? "your role does not allow this" : e.getMessage();
        return respond(ProblemDetail.of("forbidden", "Forbidden", 403, detail, path(uri)));
    }

    @ServerExceptionMapper
    public Response notYours(AccessDenied e, UriInfo uri) {
        return respond(ProblemDetail.of("forbidden", "Forbidden", 403, e.getMessage(), path(uri)));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        JsonProcessingException unreadable = causeOfType(e, JsonProcessingException.class);
        if (status == 400 && unreadable != null) {
            return unreadableBody(unreadable, uri);
        }
        if (status >= 500) {
            return unexpected(e, uri);
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        return respond(ProblemDetail.of("http-" + status, reason, status, reason, path(uri)));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        JsonProcessingException unreadable = causeOfType(e, JsonProcessingException.class);
        if (unreadable != null) {
            return unreadableBody(unreadable, uri);
        }
        if (SqlFailures.isRetryable(e)) {
            return Response.fromResponse(conflict(new ConcurrencyConflict(
                    "the request collided with a concurrent change; retry it"), uri))
                    .header(HttpHeaders.RETRY_AFTER, "1").build();
        }
        if (SqlFailures.isUnreachable(e)) {
            LOG.warnf("database unreachable on %s: %s", path(uri), String.valueOf(e));
            return Response.fromResponse(respond(ProblemDetail.of("unavailable", "Service unavailable", 503,
                    "the service's database is not reachable right now; nothing was changed, try again", path(uri))))
                    .header(HttpHeaders.RETRY_AFTER, "5").build();
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure %s on %s", errorId, path(uri));
        return respond(ProblemDetail.of("internal", "Internal error", 500,
                "the request failed unexpectedly; quote error id " + errorId, path(uri)));
    }

    private static Response respond(ProblemDetail problem) {
        return Response.status(problem.status()).type(ProblemDetail.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    /** A message that names the problem in the client's terms (field path, line), not our classes. */
    private static String describe(JsonProcessingException e) {
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("No content to map")) {
            return "a JSON request body is required";
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = fieldPath(mapping.getPath());
            Class<?> target = e instanceof MismatchedInputException mismatched ? mismatched.getTargetType() : null;
            if (target == null) {
                return field + ": cannot be read";
            }
            if (target.isEnum()) {
                return field + ": must be one of " + java.util.Arrays.toString(target.getEnumConstants());
            }
            if (isWholeNumber(target)) {
                return field + ": must be a whole number within range, written as a JSON number";
            }
            if (target == String.class && e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException) {
                return field + ": " + e.getOriginalMessage();
            }
            return field + ": has the wrong type (expected " + friendly(target) + ")";
        }
        String reason = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
        if (reason.length() > 200) {
            reason = reason.substring(0, 200) + "...";
        }
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        if (e instanceof com.fasterxml.jackson.core.exc.StreamReadException) {
            return "the body is not valid JSON: " + reason + where;
        }
        return "the body cannot be read as the expected JSON document: " + reason + where;
    }

    private static boolean isWholeNumber(Class<?> type) {
        return type == int.class || type == long.class || type == short.class || type == byte.class
                || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == java.math.BigInteger.class;
    }

    private static String fieldPath(List<JsonMappingException.Reference> path) {
        return path.stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String friendly(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 timestamp such as 2027-06-01T19:30:00Z";
        }
        if (type == String.class || type == UUID.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static <T extends Throwable> T causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}

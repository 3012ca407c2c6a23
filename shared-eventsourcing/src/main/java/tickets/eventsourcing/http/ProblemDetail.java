package tickets.eventsourcing.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import tickets.eventsourcing.ValidationException.FieldError;

import java.util.List;

/** An RFC 9457 problem details body. {@code type} is stable per error kind; {@code detail} is for people. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProblemDetail(String type, String title, int status, String detail, String instance,
                            List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://tickets.example/problems/";

    public static ProblemDetail of(String kind, String title, int status, String detail, String instance) {
        return new ProblemDetail(TYPE_BASE + kind, title, status, detail, instance, List.of());
    }

    public ProblemDetail withErrors(List<FieldError> fieldErrors) {
        return new ProblemDetail(type, title, status, detail, instance, List.copyOf(fieldErrors));
    }
}

package tickets.eventsourcing;

import java.util.List;

/** Input that can never be valid (HTTP 400). Value objects and commands throw it at construction. */
public class ValidationException extends RuntimeException {

    /** One invalid field and why. */
    public record FieldError(String field, String message) {
    }

    private final List<FieldError> errors;

    public ValidationException(String message) {
        this(message, List.of());
    }

    public ValidationException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public static ValidationException field(String field, String message) {
        return new ValidationException(field + ": " + message, List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Fails with a field error unless {@code condition} holds. */
    public static void require(boolean condition, String field, String message) {
        if (!condition) {
            throw field(field, message);
        }
    }

    /** Returns the value, or fails with "is required" when it is null (or blank, for text). */
    public static <T> T required(T value, String field) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            throw field(field, "is required");
        }
        return value;
    }

    /**
     * A required line of text: stripped, not blank, at most {@code maxLength} characters, and free
     * of control characters and unpaired surrogates (the database could not store them faithfully).
     */
    public static String text(String value, String field, int maxLength) {
        required(value, field);
        String stripped = value.strip();
        require(stripped.length() <= maxLength, field, "must be at most " + maxLength + " characters");
        require(tickets.eventsourcing.json.StrictJson.firstForbiddenCharacter(stripped) < 0, field,
                "must not contain control characters or unpaired surrogates");
        return stripped;
    }
}

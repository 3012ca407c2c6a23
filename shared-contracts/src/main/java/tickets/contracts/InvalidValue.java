package tickets.contracts;

/**
 * A value that can never be valid, named by its field: thrown by the value types every context
 * shares (such as {@link Money}) so the API edge answers 400 naming the field.
 */
public class InvalidValue extends IllegalArgumentException {

    private final String field;
    private final String reason;

    public InvalidValue(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }

    /** Fails with {@code field: reason} unless {@code condition} holds. */
    public static void require(boolean condition, String field, String reason) {
        if (!condition) {
            throw new InvalidValue(field, reason);
        }
    }
}

package tickets.eventsourcing.http;

/** The request body is not sent as JSON (HTTP 415): browsers' cross-site form posts included. */
public class UnsupportedMediaType extends RuntimeException {

    public UnsupportedMediaType(String message) {
        super(message);
    }
}

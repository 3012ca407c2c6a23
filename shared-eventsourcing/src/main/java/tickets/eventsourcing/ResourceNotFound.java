package tickets.eventsourcing;

/** The addressed resource does not exist (HTTP 404). */
public class ResourceNotFound extends RuntimeException {

    public ResourceNotFound(String what, Object id) {
        super(what + " " + id + " does not exist");
    }
}

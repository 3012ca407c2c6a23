package tickets.contracts;

/**
 * Kafka record headers every integration event carries, named after the CloudEvents Kafka
 * binding ({@code ce_} + attribute); correlation and causation are CloudEvents extensions.
 */
public final class EventHeaders {

    /** Unique id of this integration event: consumers deduplicate on it. */
    public static final String ID = "ce_id";
    /** The event type, e.g. {@code ConcertCreated}. */
    public static final String TYPE = "ce_type";
    /** The publishing context, e.g. {@code concerts}. */
    public static final String SOURCE = "ce_source";
    /** The aggregate id (also the record key). */
    public static final String SUBJECT = "ce_subject";
    /** The id that ties one saga together (a cart or purchase id; for a plain command, its request). */
    public static final String CORRELATION_ID = "ce_correlationid";
    /** The id of the event or request that caused this event. */
    public static final String CAUSATION_ID = "ce_causationid";
    /** Version of the payload's schema for this type; a breaking change is a new version or type. */
    public static final String SCHEMA_VERSION = "ce_dataschemaversion";

    private EventHeaders() {
    }
}

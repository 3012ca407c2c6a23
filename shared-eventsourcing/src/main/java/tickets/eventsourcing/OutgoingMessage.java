package tickets.eventsourcing;

import java.util.Objects;

/** An integration event to publish through the outbox: its contract type name, schema version and payload. */
public record OutgoingMessage(String type, int schemaVersion, Object payload) {

    public OutgoingMessage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
    }

    /** A message whose type is the payload record's simple name (the contract convention). */
    public static OutgoingMessage of(Object payload, int schemaVersion) {
        return new OutgoingMessage(payload.getClass().getSimpleName(), schemaVersion, payload);
    }
}

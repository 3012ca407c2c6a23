package tickets.eventsourcing.inbox;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import tickets.contracts.EventHeaders;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** An integration event as it arrived from Kafka: the CloudEvents headers and the raw JSON payload. */
public record IncomingEvent(UUID id, String type, String source, String subject, String correlationId,
                            String causationId, int schemaVersion, String key, String payload, String traceparent) {

    /** Reads the headers; a record without a well-formed id, type or schema version is a poison message. */
    public static IncomingEvent from(ConsumerRecord<String, String> record) {
        String id = header(record, EventHeaders.ID);
        String type = header(record, EventHeaders.TYPE);
        if (id == null || type == null) {
            throw new PoisonMessage("record at " + record.topic() + "/" + record.partition() + "@" + record.offset()
                    + " has no " + EventHeaders.ID + " or " + EventHeaders.TYPE + " header");
        }
        UUID eventId;
        try {
            eventId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new PoisonMessage("record has a malformed event id: " + id);
        }
        String version = header(record, EventHeaders.SCHEMA_VERSION);
        return new IncomingEvent(eventId, type, header(record, EventHeaders.SOURCE), header(record, EventHeaders.SUBJECT),
                header(record, EventHeaders.CORRELATION_ID), header(record, EventHeaders.CAUSATION_ID),
                version == null ? 1 : parseVersion(version), record.key(), record.value(),
                header(record, tickets.eventsourcing.Traceparent.HEADER));
    }

    private static int parseVersion(String value) {
        try {
            int version = Integer.parseInt(value.trim());
            if (version < 1) {
                throw new PoisonMessage("schema version " + value + " is not a version");
            }
            return version;
        } catch (NumberFormatException e) {
            throw new PoisonMessage("malformed schema version " + value);
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

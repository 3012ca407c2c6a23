package tickets.eventsourcing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.UUID;

/**
 * Writes integration events into the outbox table in the caller's transaction. Nothing here talks
 * to Kafka: the Debezium relay reads committed rows from the write-ahead log and publishes them.
 */
@ApplicationScoped
public class Outbox {

    // The parameter is cast to text first: bound straight to jsonb, the reactive client would store
    // a Java String as one JSON string value instead of parsing it.
    private static final String INSERT = """
            insert into outbox (id, aggregatetype, aggregateid, type, payload, source, correlation_id, causation_id,
                                schema_version, traceparent)
            values (:id, :aggregateType, :aggregateId, :type, cast(cast(:payload as text) as jsonb), :source, :correlationId,
                    :causationId, :schemaVersion, :traceparent)""";

    private static final String INSERT_ALL = """
            insert into outbox (id, aggregatetype, aggregateid, type, payload, source, correlation_id, causation_id,
                                schema_version, traceparent)
            select r.id, r.aggregatetype, r.aggregateid, r.type, r.payload, :source, r.correlation_id, r.causation_id,
                   r.schema_version, r.traceparent
            from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as r(seq int, id uuid, aggregatetype text,
                aggregateid text, type text, payload jsonb, correlation_id text, causation_id text, schema_version int,
                traceparent text)
            order by r.seq""";

    /** One message for {@link #enqueueAll}; {@code traceparent} (may be null) is the span that wrote it. */
    public record Enqueued(String aggregateType, UUID aggregateId, OutgoingMessage message, String correlationId,
                           String causationId, String traceparent) {
    }

    private final ObjectMapper json;
    private final String source;

    @Inject
    public Outbox(ObjectMapper json, @ConfigProperty(name = "tickets.context") String source) {
        this.json = json;
        this.source = source;
    }

    /**
     * Enqueues one message.
     *
     * @param causationId the domain event (or request) that caused it
     * @param traceparent the span that wrote it (may be null); the relay carries it as the record's
     *                    {@code traceparent} header, so the consumer's span joins the same trace
     * @return the message's id, which consumers see as {@code ce_id}
     */
    public Uni<UUID> enqueue(String aggregateType, UUID aggregateId, OutgoingMessage message, String correlationId,
                             String causationId, String traceparent) {
        UUID id = UUID.randomUUID();
        String payload;
        try {
            payload = json.writeValueAsString(message.payload());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("cannot serialize " + message.type(), e));
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("id", id)
                        .setParameter("aggregateType", aggregateType)
                        .setParameter("aggregateId", aggregateId.toString())
                        .setParameter("type", message.type())
                        .setParameter("payload", payload)
                        .setParameter("source", source)
                        .setParameter("correlationId", correlationId)
                        .setParameter("causationId", causationId)
                        .setParameter("schemaVersion", message.schemaVersion())
                        .setParameter("traceparent", traceparent)
                        .executeUpdate())
                .replaceWith(id);
    }

    /** Enqueues many messages with one statement, in the given order (so each key's order holds on Kafka). */
    public Uni<Void> enqueueAll(java.util.List<Enqueued> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        var rows = json.createArrayNode();
        int seq = 0;
        try {
            for (Enqueued enqueued : messages) {
                var row = rows.addObject();
                row.put("seq", seq++);
                row.put("id", UUID.randomUUID().toString());
                row.put("aggregatetype", enqueued.aggregateType());
                row.put("aggregateid", enqueued.aggregateId().toString());
                row.put("type", enqueued.message().type());
                row.putRawValue("payload", new com.fasterxml.jackson.databind.util.RawValue(
                        json.writeValueAsString(enqueued.message().payload())));
                row.put("correlation_id", enqueued.correlationId());
                row.put("causation_id", enqueued.causationId());
                row.put("schema_version", enqueued.message().schemaVersion());
                row.put("traceparent", enqueued.traceparent());
            }
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalStateException("cannot serialize an outgoing message", e));
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT_ALL)
                        .setParameter("rows", rows.toString())
                        .setParameter("source", source)
                        .executeUpdate())
                .replaceWithVoid();
    }
}

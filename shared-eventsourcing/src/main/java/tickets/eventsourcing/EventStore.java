package tickets.eventsourcing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The append-only event table, through the current Hibernate Reactive session: reads and appends
 * join the caller's transaction, so an append, its outbox rows and its projections commit together.
 */
@ApplicationScoped
public class EventStore {

    /** The unique (stream, version) constraint: breaking it means a concurrent append to the same stream. */
    public static final String STREAM_VERSION_CONSTRAINT = "events_stream_version_unique";

    private static final String READ_STREAM = """
            select global_position, event_id, stream_version, event_type, schema_version, cast(data as text)
            from events where stream_id = :streamId order by stream_version""";

    private static final String STREAM_IDS = """
            select stream_id from events where stream_type = :streamType and stream_version = 1
            order by global_position""";

    // The parameter is cast to text first: bound straight to jsonb, the reactive client would store
    // a Java String as one JSON string value instead of parsing it.
    private static final String APPEND = """
            insert into events (event_id, stream_id, stream_type, stream_version, event_type, schema_version, data, metadata)
            values (:eventId, :streamId, :streamType, :streamVersion, :eventType, :schemaVersion,
                    cast(cast(:data as text) as jsonb), cast(cast(:metadata as text) as jsonb))""";

    private final ObjectMapper json;

    @Inject
    public EventStore(ObjectMapper json) {
        this.json = json;
    }

    /** The stream's events in order; empty if the stream does not exist. */
    public <E> Uni<List<RecordedEvent<E>>> readStream(UUID streamId, EventCodec<E> codec) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(READ_STREAM, Object[].class)
                        .setParameter("streamId", streamId)
                        .getResultList())
                .map(rows -> {
                    List<RecordedEvent<E>> events = new ArrayList<>(rows.size());
                    for (Object[] row : rows) {
                        String type = (String) row[3];
                        int schemaVersion = ((Number) row[4]).intValue();
                        events.add(new RecordedEvent<>(((Number) row[0]).longValue(), (UUID) row[1], streamId,
                                ((Number) row[2]).longValue(), codec.deserialize(json, type, schemaVersion, (String) row[5])));
                    }
                    return events;
                });
    }

    /** Every stream of {@code streamType}, in the order they began. */
    public Uni<List<UUID>> streamIds(String streamType) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(STREAM_IDS, UUID.class)
                        .setParameter("streamType", streamType)
                        .getResultList());
    }

    /**
     * Appends {@code events} after {@code currentVersion}. A concurrent append of the same version
     * fails on the unique (stream, version) constraint when the transaction flushes; callers map
     * that to {@link ConcurrencyConflict} outside the transaction.
     *
     * @return the appended events with their ids and versions
     */
    public <E> Uni<List<RecordedEvent<E>>> append(String streamType, UUID streamId, long currentVersion, List<E> events,
                                                 EventCodec<E> codec, CommandContext context) {
        String metadata = metadataJson(context);
        List<RecordedEvent<E>> recorded = new ArrayList<>(events.size());
        Uni<Void> chain = Uni.createFrom().voidItem();
        long version = currentVersion;
        for (E event : events) {
            long streamVersion = ++version;
            UUID eventId = UUID.randomUUID();
            String type = codec.typeName(event);
            recorded.add(new RecordedEvent<>(0, eventId, streamId, streamVersion, event));
            chain = chain.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery(APPEND)
                    .setParameter("eventId", eventId)
                    .setParameter("streamId", streamId)
                    .setParameter("streamType", streamType)
                    .setParameter("streamVersion", streamVersion)
                    .setParameter("eventType", type)
                    .setParameter("schemaVersion", codec.currentVersion(type))
                    .setParameter("data", codec.serialize(json, event))
                    .setParameter("metadata", metadata)
                    .executeUpdate())
                    .replaceWithVoid());
        }
        return chain.replaceWith(recorded);
    }

    private String metadataJson(CommandContext context) {
        try {
            Map<String, String> metadata = new java.util.LinkedHashMap<>();
            metadata.put("correlationId", context.correlationId());
            metadata.put("causationId", context.causationId());
            if (context.userId() != null) {
                metadata.put("userId", context.userId());
            }
            return json.writeValueAsString(metadata);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

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

    private static final String APPEND_ALL = """
            insert into events (event_id, stream_id, stream_type, stream_version, event_type, schema_version, data, metadata)
            select r.event_id, r.stream_id, r.stream_type, r.stream_version, r.event_type, r.schema_version, r.data, r.metadata
            from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as r(seq int, event_id uuid, stream_id uuid,
                stream_type text, stream_version bigint, event_type text, schema_version int, data jsonb, metadata jsonb)
            order by r.seq""";

    private static final String EXISTING = """
            select distinct stream_id from events
            where stream_id in (select cast(id as uuid) from jsonb_array_elements_text(cast(cast(:ids as text) as jsonb)) as ids(id))""";

    /** One stream's new events, for {@link #appendAll}. */
    public record StreamAppend<E>(String streamType, UUID streamId, long currentVersion, List<E> events,
                                  EventCodec<E> codec, CommandContext context) {
    }

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

    /**
     * Appends the events of many streams with one statement, in the given order. The same
     * concurrency rule as {@link #append}: a stream appended concurrently breaks the unique
     * (stream, version) constraint and the whole statement fails.
     *
     * @return per stream, its appended events with their ids and versions
     */
    public <E> Uni<List<List<RecordedEvent<E>>>> appendAll(List<StreamAppend<E>> appends) {
        var rows = json.createArrayNode();
        List<List<RecordedEvent<E>>> recorded = new ArrayList<>(appends.size());
        int seq = 0;
        for (StreamAppend<E> append : appends) {
            var metadata = new com.fasterxml.jackson.databind.util.RawValue(metadataJson(append.context()));
            List<RecordedEvent<E>> ofStream = new ArrayList<>(append.events().size());
            long version = append.currentVersion();
            for (E event : append.events()) {
                UUID eventId = UUID.randomUUID();
                String type = append.codec().typeName(event);
                var row = rows.addObject();
                row.put("seq", seq++);
                row.put("event_id", eventId.toString());
                row.put("stream_id", append.streamId().toString());
                row.put("stream_type", append.streamType());
                row.put("stream_version", ++version);
                row.put("event_type", type);
                row.put("schema_version", append.codec().currentVersion(type));
                row.putRawValue("data", new com.fasterxml.jackson.databind.util.RawValue(append.codec().serialize(json, event)));
                row.putRawValue("metadata", metadata);
                ofStream.add(new RecordedEvent<>(0, eventId, append.streamId(), version, event));
            }
            recorded.add(ofStream);
        }
        if (rows.isEmpty()) {
            return Uni.createFrom().item(recorded);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(APPEND_ALL)
                        .setParameter("rows", rows.toString())
                        .executeUpdate())
                .replaceWith(recorded);
    }

    /** Which of {@code streamIds} exist already (have any event), with one query. */
    public Uni<java.util.Set<UUID>> existing(java.util.Collection<UUID> streamIds) {
        if (streamIds.isEmpty()) {
            return Uni.createFrom().item(java.util.Set.of());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(EXISTING, UUID.class)
                        .setParameter("ids", uuidArray(json, streamIds))
                        .getResultList())
                .map(java.util.Set::copyOf);
    }

    /** A JSON array of ids, the one way the multi-row statements here take a list. */
    public static String uuidArray(ObjectMapper json, java.util.Collection<UUID> ids) {
        var array = json.createArrayNode();
        ids.forEach(id -> array.add(id.toString()));
        return array.toString();
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

package tickets.eventsourcing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.HashMap;
import java.util.Map;

/**
 * Maps a sealed family of domain event records to stored (type name, schema version, JSON) and
 * back. Type names are the records' simple names, found from the sealed interface, so a new event
 * record needs no registration. Stored payloads of an older schema version are upcast when read,
 * never rewritten.
 */
public final class EventCodec<E> {

    /** Rewrites the JSON of {@code type} from {@code fromVersion} to {@code fromVersion + 1}. */
    @FunctionalInterface
    public interface Upcaster {
        JsonNode upcast(JsonNode data);
    }

    private final Map<String, Class<? extends E>> typesByName = new HashMap<>();
    private final Map<String, Integer> currentVersions = new HashMap<>();
    private final Map<String, Map<Integer, Upcaster>> upcasters = new HashMap<>();

    @SuppressWarnings("unchecked")
    private EventCodec(Class<E> sealedEventType) {
        if (!sealedEventType.isSealed()) {
            throw new IllegalArgumentException(sealedEventType + " must be a sealed interface of event records");
        }
        for (Class<?> permitted : sealedEventType.getPermittedSubclasses()) {
            typesByName.put(permitted.getSimpleName(), (Class<? extends E>) permitted);
            currentVersions.put(permitted.getSimpleName(), 1);
        }
    }

    public static <E> EventCodec<E> of(Class<E> sealedEventType) {
        return new EventCodec<>(sealedEventType);
    }

    /** Declares that stored {@code type} payloads of {@code fromVersion} become {@code fromVersion + 1} through {@code upcaster}. */
    public EventCodec<E> upcasting(String type, int fromVersion, Upcaster upcaster) {
        if (!typesByName.containsKey(type)) {
            throw new IllegalArgumentException("no event type " + type + " to upcast; known: " + typesByName.keySet());
        }
        upcasters.computeIfAbsent(type, t -> new HashMap<>()).put(fromVersion, upcaster);
        currentVersions.merge(type, fromVersion + 1, Math::max);
        return this;
    }

    public String typeName(E event) {
        return event.getClass().getSimpleName();
    }

    public int currentVersion(String type) {
        return currentVersions.getOrDefault(type, 1);
    }

    public String serialize(ObjectMapper json, E event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + typeName(event), e);
        }
    }

    public E deserialize(ObjectMapper json, String type, int schemaVersion, String data) {
        Class<? extends E> eventClass = typesByName.get(type);
        if (eventClass == null) {
            throw new IllegalStateException("unknown stored event type " + type);
        }
        try {
            JsonNode node = json.readTree(data);
            for (int version = schemaVersion; version < currentVersion(type); version++) {
                Upcaster upcaster = upcasters.getOrDefault(type, Map.of()).get(version);
                if (upcaster == null) {
                    throw new IllegalStateException("no upcaster for " + type + " v" + version);
                }
                node = upcaster.upcast(node);
            }
            return json.treeToValue(node, eventClass);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read stored " + type + " v" + schemaVersion, e);
        }
    }
}

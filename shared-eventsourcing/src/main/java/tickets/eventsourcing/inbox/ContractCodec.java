package tickets.eventsourcing.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads an incoming integration event as its contract record: {@code ce_type} names a record of
 * the topic's sealed contract interface (its simple name, as the publisher's outbox wrote it).
 * A type this consumer's contract does not know is skipped (a tolerant reader); a known type
 * whose payload cannot be read, or whose schema version is newer than the contract's, is poison.
 *
 * @param <E> the sealed contract interface of one topic, e.g. {@code CartsIntegrationEvent}
 */
public final class ContractCodec<E> {

    private static final Map<Class<?>, ContractCodec<?>> CODECS = new ConcurrentHashMap<>();

    private final Class<E> contract;
    private final Map<String, Class<? extends E>> typesByName = new HashMap<>();
    private final int schemaVersion;

    @SuppressWarnings("unchecked")
    private ContractCodec(Class<E> contract) {
        if (!contract.isSealed()) {
            throw new IllegalArgumentException(contract + " must be a sealed interface of contract records");
        }
        this.contract = contract;
        for (Class<?> permitted : contract.getPermittedSubclasses()) {
            typesByName.put(permitted.getSimpleName(), (Class<? extends E>) permitted);
        }
        this.schemaVersion = declaredSchemaVersion(contract);
    }

    @SuppressWarnings("unchecked")
    public static <E> ContractCodec<E> of(Class<E> contract) {
        return (ContractCodec<E>) CODECS.computeIfAbsent(contract, ContractCodec::new);
    }

    /** The contract record of {@code event}, or empty when its type is not part of this contract. */
    public Optional<E> decode(ObjectMapper json, IncomingEvent event) {
        Class<? extends E> type = typesByName.get(event.type());
        if (type == null) {
            return Optional.empty();
        }
        if (event.schemaVersion() > schemaVersion) {
            throw new PoisonMessage(event.type() + " " + event.id() + " has schema version " + event.schemaVersion()
                    + "; this consumer reads up to version " + schemaVersion + " of " + contract.getSimpleName());
        }
        if (event.payload() == null) {
            throw new PoisonMessage(event.type() + " " + event.id() + " has no payload");
        }
        E decoded;
        try {
            // a tolerant reader: fields this consumer does not know are a newer producer's, not an error
            decoded = json.readerFor(type)
                    .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(event.payload());
        } catch (Exception e) {
            throw new PoisonMessage(event.type() + " " + event.id() + " cannot be read as " + type.getSimpleName()
                    + ": " + e.getMessage());
        }
        String missing = missing(decoded, "");
        if (missing != null) {
            throw new PoisonMessage(event.type() + " " + event.id() + " lacks " + missing
                    + ", which it cannot be acted on without");
        }
        return Optional.of(decoded);
    }

    /**
     * The first required part the record lacks (an id, a list, a nested record, or an element of a list), by its
     * path, or null: only what the contract marks {@link tickets.contracts.MayBeAbsent} may be left out.
     */
    static String missing(Object value, String path) {
        if (!(value instanceof Record record)) {
            return null;
        }
        for (RecordComponent component : COMPONENTS.computeIfAbsent(record.getClass(), Class::getRecordComponents)) {
            Object part;
            try {
                part = component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            String where = path + component.getName();
            if (part == null) {
                boolean required = component.getType() == java.util.UUID.class || component.getType() == java.util.List.class
                        || component.getType().isRecord();
                if (required && !component.isAnnotationPresent(tickets.contracts.MayBeAbsent.class)) {
                    return where;
                }
                continue;
            }
            if (part instanceof java.util.List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    if (list.get(i) == null) {
                        return where + "[" + i + "]";
                    }
                    String inside = missing(list.get(i), where + "[" + i + "].");
                    if (inside != null) {
                        return inside;
                    }
                }
            } else {
                String inside = missing(part, where + ".");
                if (inside != null) {
                    return inside;
                }
            }
        }
        return null;
    }

    private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();

    /** The type names this contract knows. */
    public java.util.Set<String> typeNames() {
        return java.util.Set.copyOf(typesByName.keySet());
    }

    private static int declaredSchemaVersion(Class<?> contract) {
        try {
            Field field = contract.getField("SCHEMA_VERSION");
            return field.getInt(null);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            return 1;
        }
    }
}

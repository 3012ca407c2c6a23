package tickets.eventsourcing.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Applies {@link StrictJson} to the ObjectMapper every service injects (REST bodies, events, contracts). */
@Singleton
public class StrictJsonCustomizer implements ObjectMapperCustomizer {

    /** Applied last, after Quarkus registered its modules: these deserializers must win over theirs. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        StrictJson.configure(mapper);
    }
}

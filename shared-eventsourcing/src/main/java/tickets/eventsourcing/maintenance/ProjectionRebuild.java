package tickets.eventsourcing.maintenance;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import tickets.eventsourcing.AggregateDefinition;
import tickets.eventsourcing.EventStore;
import tickets.eventsourcing.RecordedEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Rebuilds every read model of the service from its own event table, in one transaction: each
 * aggregate's read-model tables are emptied and each of its streams is folded and projected again.
 * Nothing is published and no other effect runs: the outbox, timers and ledgers stay as they are.
 */
@ApplicationScoped
public class ProjectionRebuild {

    private static final Logger LOG = Logger.getLogger(ProjectionRebuild.class);

    @Inject
    Instance<AggregateDefinition<?, ?, ?>> aggregates;
    @Inject
    EventStore store;

    /** One aggregate type's rebuild: its stream type, its tables, how many streams were projected. */
    public record Rebuilt(String streamType, List<String> tables, int streams) {
    }

    public Uni<List<Rebuilt>> rebuildAll() {
        List<AggregateDefinition<?, ?, ?>> all = new ArrayList<>();
        aggregates.forEach(all::add);
        all.sort(java.util.Comparator.comparing(AggregateDefinition::streamType));
        return Panache.withTransaction(() -> {
            List<Rebuilt> done = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (AggregateDefinition<?, ?, ?> aggregate : all) {
                chain = chain.chain(() -> rebuild(aggregate).invoke(done::add).replaceWithVoid());
            }
            return chain.replaceWith(done);
        }).invoke(done -> LOG.infof("read models rebuilt from the event table: %s", done));
    }

    private <S, C, E> Uni<Rebuilt> rebuild(AggregateDefinition<S, C, E> aggregate) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String table : aggregate.readModelTables()) {
            if (!table.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalStateException("not a table name: " + table);
            }
            chain = chain.chain(() -> Panache.getSession().chain(session -> session
                    .createNativeQuery("delete from " + table).executeUpdate()).replaceWithVoid());
        }
        return chain.chain(() -> store.streamIds(aggregate.streamType()))
                .chain(ids -> {
                    Uni<Void> streams = Uni.createFrom().voidItem();
                    for (UUID id : ids) {
                        streams = streams.chain(() -> store.readStream(id, aggregate.codec()).chain(history -> {
                            S state = aggregate.fold(history.stream().map(RecordedEvent::event).toList());
                            return aggregate.project(id, state, history.getLast().streamVersion());
                        }));
                    }
                    return streams.chain(() -> Panache.flush())
                            .replaceWith(new Rebuilt(aggregate.streamType(), aggregate.readModelTables(), ids.size()));
                });
    }
}

package tickets.eventsourcing;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.hibernate.internal.SessionFactoryImpl;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Native selects leave nothing behind in Hibernate's query-plan cache. In Hibernate 7.2 such a plan
 * is stored on every run and never found again (see the shared microprofile-config.properties), so
 * the cache is off; with it on, this test sees one more plan per run.
 */
@QuarkusTest
class QueryPlanCacheTest {

    @Inject
    Mutiny.SessionFactory sessions;

    @Test
    void running_a_native_select_again_and_again_stores_no_plan() throws Throwable {
        int plansBefore = cachedPlans();
        String sql = "select stream_id from events where stream_id = :id union all select cast(:id as uuid)";
        List<UUID> rows = null;
        for (int i = 0; i < 50; i++) {
            UUID id = UUID.randomUUID();
            rows = VertxContextSupport.subscribeAndAwait(() -> sessions.withSession(session -> session
                    .createNativeQuery(sql, UUID.class).setParameter("id", id).getResultList()));
        }

        assertThat(rows).hasSize(1);
        assertThat(cachedPlans()).isEqualTo(plansBefore);
    }

    private int cachedPlans() throws ReflectiveOperationException {
        // Hibernate Reactive's session factory hides the ORM one it wraps
        Object factory = io.quarkus.arc.ClientProxy.unwrap(sessions);
        var delegate = org.hibernate.reactive.mutiny.impl.MutinySessionFactoryImpl.class.getDeclaredField("delegate");
        delegate.setAccessible(true);
        return ((SessionFactoryImpl) delegate.get(factory)).getQueryEngine().getInterpretationCache()
                .getNumberOfCachedQueryPlans();
    }
}

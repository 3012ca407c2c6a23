package tickets.users.identity;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import tickets.eventsourcing.Blocking;
import tickets.users.Role;

import java.util.List;
import java.util.UUID;

/**
 * Brings Keycloak's role mappings in line with the event store. A role change writes a pending row
 * in its own transaction; this applies due rows (idempotently: "exactly this role") and retries
 * failures with growing delays, so Keycloak converges even if it was down when the role changed.
 */
@ApplicationScoped
public class RoleSync {

    private static final Logger LOG = Logger.getLogger(RoleSync.class);

    private static final String CLAIM_DUE = """
            select user_id, role from keycloak_role_sync where next_attempt_at <= now()
            order by next_attempt_at limit 20 for update skip locked""";
    private static final String DONE = "delete from keycloak_role_sync where user_id = :userId and role = :role";
    private static final String RETRY_LATER = """
            update keycloak_role_sync set attempts = attempts + 1, last_error = :error,
                   next_attempt_at = now() + least(60, power(2, attempts)) * interval '1 second'
            where user_id = :userId""";

    @Inject
    KeycloakAccounts accounts;

    @Scheduled(every = "${tickets.users.role-sync-every:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return syncDue().onFailure().recoverWithItem(e -> {
            LOG.warnf("role sync round failed: %s", e.getMessage());
            return null;
        });
    }

    /** Applies every due role change to Keycloak. */
    public Uni<Void> syncDue() {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(CLAIM_DUE, Object[].class).getResultList())
                .chain(rows -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Object[] row : rows) {
                        UUID userId = (UUID) row[0];
                        Role role = Role.valueOf((String) row[1]);
                        chain = chain.chain(() -> apply(userId, role));
                    }
                    return chain;
                }));
    }

    private Uni<Void> apply(UUID userId, Role role) {
        return Blocking.run(() -> accounts.setRole(userId, role))
                .chain(() -> update(DONE, userId, role, null))
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("Keycloak has not taken role %s for user %s yet: %s", role, userId, e.getMessage());
                    return update(RETRY_LATER, userId, null, String.valueOf(e.getMessage()));
                });
    }

    private Uni<Void> update(String sql, UUID userId, Role role, String error) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql).setParameter("userId", userId);
            if (role != null) {
                query.setParameter("role", role.name());
            }
            if (error != null) {
                query.setParameter("error", error);
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }

    /** Role changes Keycloak has not taken yet (for health and tests). */
    public Uni<List<UUID>> pending() {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select user_id from keycloak_role_sync", UUID.class).getResultList()));
    }
}

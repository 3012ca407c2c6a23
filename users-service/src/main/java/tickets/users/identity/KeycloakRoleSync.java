package tickets.users.identity;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.eventsourcing.Blocking;
import tickets.eventsourcing.timers.DueItem;
import tickets.eventsourcing.timers.DueWorkHandler;
import tickets.users.Role;

/**
 * Brings a user's Keycloak role mapping in line with the event store: due work written with each
 * role change, applied idempotently ("exactly this role", the user's current one) and retried with
 * growing delays while Keycloak is unreachable, so Keycloak converges even if it was down.
 */
@ApplicationScoped
public class KeycloakRoleSync implements DueWorkHandler {

    public static final String KIND = "keycloak-role";

    @Inject
    KeycloakAccounts accounts;

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Uni<Void> run(DueItem item) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select role from user_view where id = :id", String.class)
                .setParameter("id", item.streamId()).getResultList())
                .chain(roles -> roles.isEmpty() ? Uni.createFrom().voidItem()
                        : Blocking.run(() -> accounts.setRole(item.streamId(), Role.valueOf(roles.get(0)))));
    }
}

package tickets.users.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import tickets.users.User;
import tickets.users.UserEvent;

import java.util.List;

/**
 * Keeps {@link UserView} equal to the aggregate, and records each role change as pending work for
 * Keycloak, in the append's transaction: the event store leads, Keycloak follows (see RoleSync).
 */
@ApplicationScoped
public class UserProjection {

    private static final String PENDING_ROLE_SYNC = """
            insert into keycloak_role_sync (user_id, role) values (:userId, :role)
            on conflict (user_id) do update set role = excluded.role, attempts = 0, next_attempt_at = now(),
                                                last_error = null""";

    public Uni<Void> apply(User user, long version, List<UserEvent> newEvents) {
        UserView view = new UserView();
        view.id = user.id();
        view.username = user.profile().username();
        view.email = user.profile().email();
        view.displayName = user.profile().displayName();
        view.role = user.role().name();
        view.version = version;
        Uni<Void> upsert = Panache.getSession().chain(session -> session.merge(view)).replaceWithVoid();
        boolean roleChanged = newEvents.stream().anyMatch(UserEvent.UserRoleUpdated.class::isInstance);
        if (!roleChanged) {
            return upsert;
        }
        return upsert.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery(PENDING_ROLE_SYNC)
                .setParameter("userId", user.id())
                .setParameter("role", user.role().name())
                .executeUpdate())).replaceWithVoid();
    }
}

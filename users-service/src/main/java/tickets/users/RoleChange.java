package tickets.users;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.CommandResult;
import tickets.eventsourcing.ExpectedVersion;
import tickets.users.UserCommand.UpdateUserRole;
import tickets.eventsourcing.timers.DueWork;
import tickets.users.identity.KeycloakRoleSync;

import java.util.UUID;

/**
 * Changes a user's role: under the admin-guard lock the admins are counted, the aggregate decides
 * (refusing to demote the last admin), and the change commits with its pending Keycloak update,
 * which is then applied before the answer (and retried as due work if Keycloak is not there). If the
 * due-work poller picked the update up first, the answer waits for it: the user's next token carries the role.
 */
@ApplicationScoped
public class RoleChange {

    @Inject
    CommandHandler commands;
    @Inject
    UserAggregate users;
    @Inject
    DueWork dueWork;

    public Uni<CommandResult<User, UserEvent>> change(UUID userId, Role role, ExpectedVersion expected,
                                                     CommandContext context) {
        return Panache.withTransaction(() -> Panache.getSession()
                        .chain(session -> session.createNativeQuery("select id from admin_guard where id = 1 for update",
                                Integer.class).getSingleResult()
                                .chain(() -> session.createNativeQuery(
                                        "select count(*) from user_view where role = 'ADMIN'", Long.class).getSingleResult()))
                        .chain(admins -> commands.handle(users, userId, expected, new UpdateUserRole(userId, role, admins),
                                context)))
                .call(result -> result.newEvents().isEmpty() ? Uni.createFrom().voidItem()
                        : dueWork.runNow(KeycloakRoleSync.KIND, userId).onFailure().recoverWithNull());
    }
}

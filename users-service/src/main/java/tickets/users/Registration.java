package tickets.users;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.eventsourcing.Blocking;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.CommandResult;
import tickets.eventsourcing.ExpectedVersion;
import tickets.users.UserCommand.Profile;
import tickets.users.UserCommand.RegisterUser;
import tickets.users.UserRules.UserAlreadyRegistered;
import tickets.users.identity.KeycloakAccounts;

/**
 * Registration writes Keycloak first (it alone may hold the password), then the event store.
 * Keycloak unreachable: a 503, nothing written anywhere. The event store failing after Keycloak
 * created the account: the account is removed again; if the process dies in between, the
 * {@code Reconciler} records the account later, so the two sides converge either way.
 */
@ApplicationScoped
public class Registration {

    @Inject
    KeycloakAccounts accounts;
    @Inject
    CommandHandler commands;
    @Inject
    UserAggregate users;

    public Uni<CommandResult<User, UserEvent>> register(Profile profile, String password, CommandContext context) {
        return ensureNotTaken(profile)
                .chain(() -> Blocking.call(() -> accounts.create(profile, password)))
                .chain(id -> commands.handle(users, id, ExpectedVersion.NO_STREAM,
                                new RegisterUser(id, profile, Role.CUSTOMER), context)
                        .onFailure().call(e -> Blocking.run(() -> accounts.delete(id))));
    }

    private Uni<Void> ensureNotTaken(Profile profile) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "select count(*) from user_view where username = :username or email = :email", Long.class)
                .setParameter("username", profile.username())
                .setParameter("email", profile.email())
                .getSingleResult()))
                .map(count -> {
                    if (count > 0) {
                        throw new UserAlreadyRegistered("that username or e-mail");
                    }
                    return null;
                });
    }
}

package tickets.users;

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
import tickets.users.identity.RegistrationsInFlight;
import tickets.users.projections.UserView;

import java.util.UUID;

/**
 * Registration writes Keycloak first (it alone may hold the password), then the event store.
 * Keycloak unreachable: a 503, nothing written anywhere. The event store failing after Keycloak
 * created the account: the account is removed again, unless the event store knows it by then
 * (the {@code Reconciler} may have recorded it in between): an account the event store holds is
 * never deleted, and the registration stands. If the process dies in between, the reconciler
 * records the account later, so the two sides converge either way. While it runs, the registration is noted
 * ({@link RegistrationsInFlight}), so the reconciler leaves its account to it and records every other account at once.
 */
@ApplicationScoped
public class Registration {

    @Inject
    KeycloakAccounts accounts;
    @Inject
    CommandHandler commands;
    @Inject
    UserAggregate users;
    @Inject
    RegistrationsInFlight inFlight;

    public Uni<CommandResult<User, UserEvent>> register(Profile profile, String password, CommandContext context) {
        UUID registration = UUID.randomUUID();
        return ensureNotTaken(profile)
                .chain(() -> inFlight.begin(registration, profile.username()))
                .chain(() -> Blocking.call(() -> accounts.create(profile, password))
                        .chain(id -> record(id, profile, context))
                        // the account is recorded or undone now; a crash leaves the row to age past the grace period
                        .eventually(() -> inFlight.end(registration).onFailure().recoverWithNull()));
    }

    /** The second write: records the account Keycloak created as a registered customer. */
    public Uni<CommandResult<User, UserEvent>> record(UUID id, Profile profile, CommandContext context) {
        return commands.handle(users, id, ExpectedVersion.NO_STREAM, new RegisterUser(id, profile, Role.CUSTOMER), context)
                .onFailure().recoverWithUni(failure -> commands.read(users, id).chain(recorded -> {
                    if (recorded.version() > 0) {
                        return Uni.createFrom().item(recorded); // recorded meanwhile: the account is the store's now
                    }
                    return Blocking.run(() -> accounts.delete(id)).chain(() -> Uni.createFrom().failure(failure));
                }));
    }

    private Uni<Void> ensureNotTaken(Profile profile) {
        return io.quarkus.hibernate.reactive.panache.Panache.withSession(() -> UserView
                        .count("username = ?1 or email = ?2", profile.username(), profile.email()))
                .map(count -> {
                    if (count > 0) {
                        throw new UserAlreadyRegistered("that username or e-mail");
                    }
                    return null;
                });
    }
}

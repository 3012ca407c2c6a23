package tickets.users.identity;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import tickets.eventsourcing.Blocking;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.ExpectedVersion;
import tickets.users.Role;
import tickets.users.UserAggregate;
import tickets.users.UserCommand.Profile;
import tickets.users.UserCommand.RegisterUser;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Keycloak accounts the event store does not know yet become registered users: the realm's
 * seeded users, and an account whose registration was interrupted after Keycloak created it
 * (a crash between the two writes). Registering is idempotent per account id (the stream can be
 * created once), so running this any number of times records each account exactly once.
 *
 * <p>Accounts younger than {@code tickets.users.reconcile-min-age} are left alone: their
 * registration is most likely still running and will record them itself.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    @Inject
    KeycloakAccounts accounts;
    @Inject
    CommandHandler commands;
    @Inject
    UserAggregate users;
    @ConfigProperty(name = "tickets.users.reconcile-min-age", defaultValue = "PT2M")
    Duration minAge;

    @Scheduled(every = "${tickets.users.reconcile-every:60s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return reconcile(minAge).onFailure().recoverWithItem(e -> {
            LOG.warnf("reconciling with Keycloak failed, will retry: %s", e.getMessage());
            return 0;
        }).replaceWithVoid();
    }

    /** Records every unknown Keycloak account created at least {@code olderThan} ago. */
    public Uni<Integer> reconcile(Duration olderThan) {
        Instant youngest = Instant.now().minus(olderThan);
        return Blocking.call(accounts::all).chain(all -> known().chain(knownIds -> {
            Uni<Integer> chain = Uni.createFrom().item(0);
            for (KeycloakAccounts.Account account : all) {
                if (knownIds.contains(account.id()) || account.createdAt().isAfter(youngest)) {
                    continue;
                }
                chain = chain.chain(count -> record(account).map(recorded -> recorded ? count + 1 : count));
            }
            return chain;
        }));
    }

    private Uni<Boolean> record(KeycloakAccounts.Account account) {
        Profile profile;
        try {
            profile = new Profile(account.username(), account.email(), account.displayName());
        } catch (RuntimeException invalid) {
            LOG.warnf("Keycloak account %s cannot be recorded: %s", account.id(), invalid.getMessage());
            return Uni.createFrom().item(false);
        }
        Role role = account.admin() ? Role.ADMIN : Role.CUSTOMER;
        CommandContext context = new CommandContext("reconcile:" + account.id(), "keycloak-account:" + account.id(), null);
        return commands.handle(users, account.id(), ExpectedVersion.NO_STREAM, new RegisterUser(account.id(), profile, role),
                        context)
                .map(result -> {
                    LOG.infof("recorded Keycloak account %s (%s) as a %s", account.id(), profile.username(), role);
                    return true;
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Keycloak account %s not recorded now: %s", account.id(), e.getMessage());
                    return false;
                });
    }

    private Uni<Set<UUID>> known() {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select id from user_view", UUID.class).getResultList()))
                .map(ids -> new HashSet<>((List<UUID>) ids));
    }
}

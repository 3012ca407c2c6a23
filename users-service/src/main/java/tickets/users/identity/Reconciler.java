package tickets.users.identity;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;
import tickets.eventsourcing.Blocking;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.ExpectedVersion;
import tickets.users.Role;
import tickets.users.UserAggregate;
import tickets.users.UserCommand.Profile;
import tickets.users.UserCommand.RegisterUser;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keycloak accounts the event store does not know yet become registered users, with their realm role: the realm's
 * own users (imported when Keycloak first started), accounts an administrator made in Keycloak, and an account
 * whose registration was interrupted after Keycloak created it (a crash between the two writes). Registering is
 * idempotent per account id (the stream can be created once), so running this any number of times records each
 * account exactly once.
 *
 * <p>It runs as soon as the service starts (again every few seconds until it once succeeded: until then the
 * service is not ready, see {@link Check}), then every {@code tickets.users.reconcile-every}. It leaves alone only
 * the accounts a registration is creating right now ({@link RegistrationsInFlight}, started less than
 * {@code tickets.users.registration-grace} ago): that registration records them itself, with the exact display name.
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
    @Inject
    RegistrationsInFlight inFlight;
    @ConfigProperty(name = "tickets.users.registration-grace", defaultValue = "PT2M")
    Duration grace;

    /** Whether a reconciliation has succeeded since the start, and else why the last one failed. */
    private final AtomicBoolean reconciledOnce = new AtomicBoolean();
    private final AtomicReference<String> lastFailure = new AtomicReference<>("not run yet");

    @Scheduled(every = "${tickets.users.reconcile-every:60s}", delayed = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return reconcileLogged();
    }

    /** At start, and every few seconds until Keycloak could be asked once: a fresh platform knows its users at once. */
    @Scheduled(every = "${tickets.users.reconcile-at-start-every:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = ReconciledOnce.class)
    Uni<Void> atStart() {
        return reconcileLogged();
    }

    private Uni<Void> reconcileLogged() {
        return reconcile().onFailure().recoverWithItem(e -> {
            LOG.warnf("reconciling with Keycloak failed, will retry: %s", e.getMessage());
            lastFailure.set(e.getClass().getSimpleName() + ": " + e.getMessage());
            return 0;
        }).replaceWithVoid();
    }

    /** Records every Keycloak account the event store lacks, but those a registration is creating. */
    public Uni<Integer> reconcile() {
        return reconcile(grace);
    }

    /**
     * Records every Keycloak account the event store lacks, but those of registrations started less than
     * {@code grace} ago; forgets older registrations (their process died: their accounts are recorded now).
     */
    public Uni<Integer> reconcile(Duration grace) {
        // in this order: an account listed was created after its registration's note, so the note is read unless
        // the registration had ended, and then the user it recorded is read too
        return Blocking.call(accounts::all).chain(all -> inFlight.usernamesYoungerThan(grace).chain(registering -> known()
                        .chain(knownIds -> {
                            Uni<Integer> chain = Uni.createFrom().item(0);
                            for (KeycloakAccounts.Account account : all) {
                                if (knownIds.contains(account.id())
                                        || registering.contains(account.username().toLowerCase(Locale.ROOT))) {
                                    continue;
                                }
                                chain = chain.chain(count -> record(account).map(recorded -> recorded ? count + 1 : count));
                            }
                            return chain;
                        })))
                .call(() -> inFlight.forgetOlderThan(grace))
                .invoke(() -> reconciledOnce.set(true));
    }

    /** Whether a reconciliation has succeeded since the service started. */
    public boolean reconciledOnce() {
        return reconciledOnce.get();
    }

    String lastFailure() {
        return lastFailure.get();
    }

    /** Skips the start-up run once a reconciliation has succeeded. */
    @ApplicationScoped
    public static class ReconciledOnce implements Scheduled.SkipPredicate {

        @Inject
        Reconciler reconciler;

        @Override
        public boolean test(ScheduledExecution execution) {
            return reconciler.reconciledOnce();
        }
    }

    /** Readiness: DOWN until the service has once recorded the accounts it did not know (the realm's users first). */
    @Readiness
    @ApplicationScoped
    public static class Check implements HealthCheck {

        @Inject
        Reconciler reconciler;

        @Override
        public HealthCheckResponse call() {
            // through methods: the injected bean is a client proxy, whose own fields are not the bean's
            boolean reconciled = reconciler.reconciledOnce();
            HealthCheckResponseBuilder response = HealthCheckResponse.named("keycloak accounts").status(reconciled);
            if (!reconciled) {
                response.withData("not reconciled with Keycloak yet", reconciler.lastFailure());
            }
            return response.build();
        }
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

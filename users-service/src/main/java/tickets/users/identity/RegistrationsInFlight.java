package tickets.users.identity;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The registrations this service is running (in any of its instances), from the moment before it asks Keycloak
 * for the account until the event store has it: the reconciler leaves their accounts to them. A row of a
 * registration whose process died stays until it is older than the reconciler's grace period; by the database's
 * clock, so every instance agrees.
 */
@ApplicationScoped
public class RegistrationsInFlight {

    /** Notes a registration of {@code username} as started (committed before Keycloak is asked). */
    public Uni<Void> begin(UUID registration, String username) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                                "insert into registration_in_flight (id, username) values (:id, :username)")
                        .setParameter("id", registration).setParameter("username", username).executeUpdate()))
                .replaceWithVoid();
    }

    /** The registration has ended, recorded or undone. */
    public Uni<Void> end(UUID registration) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "delete from registration_in_flight where id = :id").setParameter("id", registration).executeUpdate()))
                .replaceWithVoid();
    }

    /** The usernames of registrations started less than {@code grace} ago. */
    public Uni<Set<String>> usernamesYoungerThan(Duration grace) {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "select username from registration_in_flight where started_at > now() - make_interval(secs => :seconds)",
                        String.class).setParameter("seconds", grace.toMillis() / 1000.0).getResultList()))
                .map(names -> new HashSet<>((List<String>) names));
    }

    /** Forgets registrations started {@code grace} ago or earlier: their process died, or they will end by themselves. */
    public Uni<Integer> forgetOlderThan(Duration grace) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "delete from registration_in_flight where started_at <= now() - make_interval(secs => :seconds)")
                .setParameter("seconds", grace.toMillis() / 1000.0).executeUpdate()));
    }
}

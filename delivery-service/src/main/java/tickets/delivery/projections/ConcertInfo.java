package tickets.delivery.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import tickets.contracts.concerts.ConcertsIntegrationEvent.TicketLevel;
import tickets.delivery.DeliveryMethod;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What delivery knows of concerts, from concerts.events: each ticket level's delivery method (the
 * only source of it), and the title, venue and date printed on a ticket. Runs in the caller's
 * transaction.
 */
@ApplicationScoped
public class ConcertInfo {

    /** The lines printed on a ticket. */
    public record Printed(String title, String venue, Instant startsAt, boolean cancelled) {
    }

    public Uni<Void> upsertConcert(UUID concertId, String title, String venue, Instant startsAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into concert_info (id, title, venue, starts_at) values (:id, :title, :venue, :startsAt)
                        on conflict (id) do update set title = excluded.title, venue = excluded.venue,
                        starts_at = excluded.starts_at""")
                .setParameter("id", concertId).setParameter("title", title).setParameter("venue", venue)
                .setParameter("startsAt", startsAt == null ? null : startsAt.atOffset(java.time.ZoneOffset.UTC))
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Void> cancel(UUID concertId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into concert_info (id, title, cancelled) values (:id, '', true)
                        on conflict (id) do update set cancelled = true""")
                .setParameter("id", concertId).executeUpdate()).replaceWithVoid();
    }

    /** The levels as now published: a level dropped from the concert keeps its method for tickets already sold. */
    public Uni<Void> upsertLevels(UUID concertId, List<TicketLevel> levels) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (TicketLevel level : levels) {
            chain = chain.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                            insert into ticket_level_method (concert_id, level_key, name, method)
                            values (:id, :key, :name, :method)
                            on conflict (concert_id, level_key) do update set name = excluded.name, method = excluded.method""")
                    .setParameter("id", concertId)
                    .setParameter("key", level.name().toLowerCase(Locale.ROOT))
                    .setParameter("name", level.name())
                    .setParameter("method", level.deliveryMethod().name())
                    .executeUpdate()).replaceWithVoid());
        }
        return chain;
    }

    /** Each level's method by lower-case name. */
    public Uni<Map<String, DeliveryMethod>> methods(UUID concertId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select level_key, method from ticket_level_method where concert_id = :id", Object[].class)
                .setParameter("id", concertId).getResultList())
                .map(rows -> {
                    Map<String, DeliveryMethod> methods = new HashMap<>();
                    for (Object[] row : rows) {
                        methods.put((String) row[0], DeliveryMethod.valueOf((String) row[1]));
                    }
                    return methods;
                });
    }

    /** The concert as printed on a ticket; null if not known. */
    public Uni<Printed> printed(UUID concertId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select title, venue, starts_at, cancelled from concert_info where id = :id", Object[].class)
                .setParameter("id", concertId).getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return null;
                    }
                    Object[] row = rows.get(0);
                    return new Printed((String) row[0], (String) row[1], instant(row[2]), (Boolean) row[3]);
                });
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant instant -> instant;
            case OffsetDateTime offset -> offset.toInstant();
            case java.time.LocalDateTime local -> local.toInstant(java.time.ZoneOffset.UTC);
            default -> throw new IllegalStateException("unexpected timestamp type " + value.getClass());
        };
    }
}

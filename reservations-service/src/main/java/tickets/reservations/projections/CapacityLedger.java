package tickets.reservations.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import tickets.contracts.concerts.ConcertsIntegrationEvent.TicketLevel;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Capacity and reserved tickets per concert and level: the one place that says whether tickets
 * are left. A level is one row keyed by (concert, lower(level)), so a level renamed only by case
 * keeps its reserved tickets. Taking tickets is a single conditional UPDATE
 * ({@code reserved + n <= capacity}) on that row: concurrent confirmations for the same level
 * queue on its lock for a moment instead of failing and retrying on a hot event stream, and none
 * can oversell. Every writer takes level rows in one order (concert, then lower(level)), so two
 * writers never deadlock on them. Runs in the caller's transaction.
 */
@ApplicationScoped
public class CapacityLedger {

    private static final String TAKE = """
            update level_capacity set reserved = reserved + :quantity
            where concert_id = :concertId and level_key = lower(:level) and reserved + :quantity <= capacity
              and not exists (select 1 from concert_state c where c.concert_id = :concertId and c.cancelled)""";
    private static final String RELEASE = """
            update level_capacity set reserved = greatest(0, reserved - :quantity)
            where concert_id = :concertId and level_key = lower(:level)""";
    private static final String AVAILABLE = """
            select greatest(0, capacity - reserved) from level_capacity
            where concert_id = :concertId and level_key = lower(:level)
              and not exists (select 1 from concert_state c where c.concert_id = :concertId and c.cancelled)""";
    private static final String SET_LEVEL = """
            insert into level_capacity (concert_id, level, capacity) values (:concertId, :level, :capacity)
            on conflict (concert_id, level_key) do update set level = excluded.level, capacity = excluded.capacity""";

    /** Takes {@code quantity} tickets if that many are left; false (and nothing taken) otherwise. */
    public Uni<Boolean> take(UUID concertId, String level, int quantity) {
        return update(TAKE, concertId, level, quantity).map(rows -> rows == 1);
    }

    public Uni<Void> release(UUID concertId, String level, int quantity) {
        return update(RELEASE, concertId, level, quantity).replaceWithVoid();
    }

    /** Tickets left of a level (0 if the level or concert is unknown or cancelled). */
    public Uni<Integer> available(UUID concertId, String level) {
        return Panache.getSession().chain(session -> session.createNativeQuery(AVAILABLE, Integer.class)
                        .setParameter("concertId", concertId).setParameter("level", level).getResultList())
                .map(rows -> rows.isEmpty() ? 0 : rows.get(0));
    }

    /**
     * A concert's levels as concerts.events describes them: a level no longer offered keeps what it
     * holds but takes no more (capacity 0); reserved tickets are never touched here.
     */
    public Uni<Void> setLevels(UUID concertId, List<TicketLevel> levels) {
        Uni<Void> chain = execute("insert into concert_state (concert_id) values (:concertId) on conflict do nothing",
                concertId);
        // lock the concert's levels in the ledger's order before touching them all
        chain = chain.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        select level from level_capacity where concert_id = :concertId order by level_key collate "C" for update""")
                .setParameter("concertId", concertId).getResultList()).replaceWithVoid());
        chain = chain.chain(() -> execute("update level_capacity set capacity = 0 where concert_id = :concertId", concertId));
        List<TicketLevel> inLockOrder = levels.stream()
                .sorted(Comparator.comparing(level -> level.name().toLowerCase(Locale.ROOT))).toList();
        for (TicketLevel level : inLockOrder) {
            chain = chain.chain(() -> Panache.getSession().chain(session -> session.createNativeQuery(SET_LEVEL)
                    .setParameter("concertId", concertId).setParameter("level", level.name())
                    .setParameter("capacity", level.capacity()).executeUpdate()).replaceWithVoid());
        }
        return chain;
    }

    public Uni<Void> cancelConcert(UUID concertId) {
        return execute("""
                insert into concert_state (concert_id, cancelled) values (:concertId, true)
                on conflict (concert_id) do update set cancelled = true""", concertId);
    }

    private Uni<Integer> update(String sql, UUID concertId, String level, int quantity) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql)
                .setParameter("concertId", concertId).setParameter("level", level).setParameter("quantity", quantity)
                .executeUpdate());
    }

    private Uni<Void> execute(String sql, UUID concertId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql).setParameter("concertId", concertId)
                .executeUpdate()).replaceWithVoid();
    }
}

package tickets.reservations.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import tickets.contracts.concerts.ConcertsIntegrationEvent.TicketLevel;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Capacity and reserved tickets per concert and level: the one place that says whether tickets
 * are left. A level is one row keyed by (concert, lower(level)), so a level renamed only by case
 * keeps its reserved tickets. A batch of confirmations locks the rows of its levels once, decides
 * every cart in memory against what is left ({@link tickets.reservations.CapacityAllocation}) and
 * writes each row once: confirmations for the same level queue on its lock for one short
 * transaction instead of failing and retrying on a hot event stream, and none can oversell. Every writer takes level rows in one order (concert, then lower(level)), so two
 * writers never deadlock on them. Runs in the caller's transaction.
 */
@ApplicationScoped
public class CapacityLedger {

    @Inject
    ObjectMapper json;

    private static final String LOCK = """
            select l.concert_id, r.level, l.level_key, l.capacity, l.reserved,
                   not exists (select 1 from concert_state c where c.concert_id = l.concert_id and c.cancelled)
            from jsonb_to_recordset(cast(cast(:levels as text) as jsonb)) as r(concert_id uuid, level text)
            join level_capacity l on l.concert_id = r.concert_id and l.level_key = lower(r.level)
            order by l.concert_id, l.level_key collate "C"
            for update of l""";
    private static final String TAKE_ALL = """
            update level_capacity l set reserved = l.reserved + r.taken
            from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as r(concert_id uuid, level_key text, taken int)
            where l.concert_id = r.concert_id and l.level_key = r.level_key and l.reserved + r.taken <= l.capacity""";
    private static final String RELEASE = """
            update level_capacity set reserved = greatest(0, reserved - :quantity)
            where concert_id = :concertId and level_key = lower(:level)""";
    private static final String SET_LEVEL = """
            insert into level_capacity (concert_id, level, capacity) values (:concertId, :level, :capacity)
            on conflict (concert_id, level_key) do update set level = excluded.level, capacity = excluded.capacity""";

    /** One level's ledger row. */
    public record LevelKey(UUID concertId, String levelKey) {
    }

    /** The rows of the levels asked for, locked in the ledger's order, and what each has left. */
    public record LockedLevels(Map<LevelKey, Integer> left, Map<String, LevelKey> byRequest) {

        /** The row a cart's (concert, level as written) is taken from; null when the level is unknown. */
        public LevelKey levelOf(UUID concertId, String level) {
            return byRequest.get(concertId + "/" + level);
        }
    }

    /**
     * Locks the ledger rows of the given (concert, level as written) pairs for this transaction, in
     * the ledger's one order, and says what each has left (0 for a cancelled concert).
     */
    public Uni<LockedLevels> lock(Collection<Map.Entry<UUID, String>> levels) {
        var rows = json.createArrayNode();
        levels.forEach(level -> rows.addObject().put("concert_id", level.getKey().toString()).put("level", level.getValue()));
        return Panache.getSession().chain(session -> session.createNativeQuery(LOCK, Object[].class)
                        .setParameter("levels", rows.toString()).getResultList())
                .map(found -> {
                    Map<LevelKey, Integer> left = new HashMap<>();
                    Map<String, LevelKey> byRequest = new HashMap<>();
                    for (Object[] row : found) {
                        LevelKey key = new LevelKey((UUID) row[0], (String) row[2]);
                        boolean open = (Boolean) row[5];
                        left.put(key, open ? Math.max(0, ((Number) row[3]).intValue() - ((Number) row[4]).intValue()) : 0);
                        byRequest.put(row[0] + "/" + row[1], key);
                    }
                    return new LockedLevels(left, byRequest);
                });
    }

    /** Adds what a batch took to locked rows, with one statement (the caller checked it was left). */
    public Uni<Void> takeAll(Map<LevelKey, Integer> taken) {
        if (taken.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        var rows = json.createArrayNode();
        taken.forEach((key, quantity) -> rows.addObject().put("concert_id", key.concertId().toString())
                .put("level_key", key.levelKey()).put("taken", quantity));
        return Panache.getSession().chain(session -> session.createNativeQuery(TAKE_ALL)
                        .setParameter("rows", rows.toString()).executeUpdate())
                .invoke(updated -> {
                    // the allocation ran against these very rows under their locks: anything else is a bug
                    if (updated != taken.size()) {
                        throw new IllegalStateException("the ledger refused a batch's allocation: " + updated + " of "
                                + taken.size() + " levels updated");
                    }
                })
                .replaceWithVoid();
    }

    public Uni<Void> release(UUID concertId, String level, int quantity) {
        return update(RELEASE, concertId, level, quantity).replaceWithVoid();
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

    /** Which of these concerts were cancelled (read after their locks: DecisionLocks#shareConcert). */
    public Uni<java.util.Set<UUID>> cancelledAmong(Collection<UUID> concertIds) {
        if (concertIds.isEmpty()) {
            return Uni.createFrom().item(java.util.Set.of());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select concert_id from concert_state where cancelled and concert_id in
                            (select cast(id as uuid) from jsonb_array_elements_text(cast(cast(:ids as text) as jsonb)) as ids(id))""",
                        UUID.class).setParameter("ids", tickets.eventsourcing.EventStore.uuidArray(json, concertIds))
                .getResultList()).map(java.util.Set::copyOf);
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

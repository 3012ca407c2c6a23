package tickets.finance.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.timers.DueItem;
import tickets.eventsourcing.timers.DueWork;
import tickets.eventsourcing.timers.DueWorkHandler;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * The books that check themselves (DESIGN.md section 9): the facts of each purchase are collected from the
 * purchase's topics ({@link PurchaseFacts}), in the inbox's transaction under the purchase's lock; once the
 * purchase has been quiet for {@code tickets.finance.audit.quiet-for} (every new fact moves the check later), it is
 * checked against the books with its invoice, and what does not balance is kept in {@code audit_discrepancy}
 * (cleared when a later check finds it balanced) for admins ({@code GET /api/admin/finance/audit}) and counted
 * in the gauge {@code tickets_audit_discrepancies}, which an alert watches.
 */
@ApplicationScoped
public class PurchaseAudit implements DueWorkHandler {

    public static final String KIND = "purchase-audit";
    private static final Logger LOG = Logger.getLogger(PurchaseAudit.class);

    @Inject
    ObjectMapper json;
    @Inject
    DueWork dueWork;
    @Inject
    tickets.eventsourcing.DecisionLocks locks;
    @ConfigProperty(name = "tickets.finance.audit.quiet-for", defaultValue = "PT30S")
    Duration quietFor;

    private final AtomicLong open = new AtomicLong();

    @Inject
    void gauge(MeterRegistry metrics) {
        Gauge.builder("tickets.audit.discrepancies", open, AtomicLong::get)
                .description("purchases whose books do not balance (GET /api/admin/finance/audit lists them)")
                .register(metrics);
    }

    /** Created at start, so the gauge exists (at what the table holds) before the first purchase. */
    void atStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent start) {
        open.get();
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** One more fact about a purchase (in the inbox's transaction); its check moves to when it has been quiet. */
    public Uni<Void> record(UUID purchaseId, UnaryOperator<PurchaseFacts> change, CommandContext context) {
        // the purchase's lock (the inbox holds it already for an event of the purchase's saga): facts from two topics
        // are read and written one after the other, never over each other
        return locks.lock(List.of(purchaseId.toString())).chain(() -> load(purchaseId)).chain(facts -> {
            PurchaseFacts changed = change.apply(facts == null ? PurchaseFacts.none(purchaseId) : facts);
            return Panache.getSession().chain(session -> session.createNativeQuery("""
                            insert into audit_purchase (purchase_id, facts, last_fact_at)
                            values (:id, cast(cast(:facts as text) as jsonb), now())
                            on conflict (purchase_id) do update set facts = excluded.facts, last_fact_at = now()""")
                    .setParameter("id", purchaseId).setParameter("facts", write(changed)).executeUpdate());
        }).chain(() -> dueWork.schedule(KIND, purchaseId, Instant.now().plus(quietFor), context.correlatedWith(purchaseId)));
    }

    /** A concert was cancelled: remembered, and every purchase with an order of it is checked again once quiet. */
    public Uni<Void> concertCancelled(UUID concertId, CommandContext context) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                                "insert into audit_cancelled_concert (concert_id) values (:id) on conflict do nothing")
                        .setParameter("id", concertId).executeUpdate()
                        .chain(() -> session.createNativeQuery("""
                                select purchase_id from audit_purchase a
                                where exists (select 1 from jsonb_each(a.facts->'orders') o where o.value->>'concertId' = :id)
                                order by purchase_id""", UUID.class).setParameter("id", concertId.toString()).getResultList()))
                .chain(purchases -> dueWork.scheduleAll(KIND, purchases.stream().map(purchase -> new DueWork.Timer(purchase,
                        Instant.now().plus(quietFor), context.correlatedWith(purchase))).toList()));
    }

    /** The check, once the purchase has been quiet. */
    @Override
    public Uni<Void> run(DueItem item) {
        UUID purchaseId = item.streamId();
        return load(purchaseId).chain(facts -> facts == null ? Uni.createFrom().voidItem()
                : cancelledAmong(facts).chain(cancelled -> invoiceOf(purchaseId).chain(invoice -> {
                    List<String> problems = facts.discrepancies(cancelled, invoice);
                    return (problems.isEmpty() ? execute("delete from audit_discrepancy where purchase_id = :id", purchaseId)
                            : keep(purchaseId, problems))
                            .chain(() -> execute("update audit_purchase set checked_at = now() where purchase_id = :id",
                                    purchaseId));
                }))).chain(this::refreshGauge);
    }

    private Uni<Void> keep(UUID purchaseId, List<String> problems) {
        LOG.warnf("the books of purchase %s do not balance: %s", purchaseId, problems);
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into audit_discrepancy (purchase_id, found_at, problems)
                        values (:id, now(), cast(cast(:problems as text) as jsonb))
                        on conflict (purchase_id) do update set found_at = case
                            when audit_discrepancy.problems = excluded.problems then audit_discrepancy.found_at
                            else excluded.found_at end, problems = excluded.problems""")
                .setParameter("id", purchaseId).setParameter("problems", write(problems)).executeUpdate()).replaceWithVoid();
    }

    /** The gauge follows the table between checks too (from the start, and after an admin's repair). */
    @io.quarkus.scheduler.Scheduled(every = "${tickets.finance.audit.gauge-every:15s}",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshGaugeNow() {
        return Panache.withSession(this::refreshGauge).onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> refreshGauge() {
        return Panache.getSession().chain(session -> session.createNativeQuery("select count(*) from audit_discrepancy",
                Long.class).getSingleResult()).invoke(open::set).replaceWithVoid();
    }

    private Uni<PurchaseFacts> load(UUID purchaseId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select cast(facts as text) from audit_purchase where purchase_id = :id", String.class)
                .setParameter("id", purchaseId).getResultList())
                .map(rows -> rows.isEmpty() ? null : read(rows.get(0)));
    }

    private Uni<Set<UUID>> cancelledAmong(PurchaseFacts facts) {
        Set<UUID> concerts = new HashSet<>();
        facts.orders().values().forEach(order -> concerts.add(order.concertId()));
        facts.tickets().values().forEach(ticket -> concerts.add(ticket.concertId()));
        facts.sold().values().forEach(hold -> concerts.add(hold.concertId()));
        if (concerts.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select concert_id from audit_cancelled_concert where concert_id in
                            (select cast(id as uuid) from jsonb_array_elements_text(cast(cast(:ids as text) as jsonb)) as ids(id))""",
                        UUID.class).setParameter("ids", tickets.eventsourcing.EventStore.uuidArray(json, concerts))
                .getResultList()).map(Set::copyOf);
    }

    private Uni<PurchaseFacts.InvoiceFacts> invoiceOf(UUID purchaseId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select status, paid_minor, credited_minor from invoice_view where id = :id", Object[].class)
                .setParameter("id", purchaseId).getResultList())
                .map(rows -> rows.isEmpty() ? null : new PurchaseFacts.InvoiceFacts((String) rows.get(0)[0],
                        ((Number) rows.get(0)[1]).longValue(), ((Number) rows.get(0)[2]).longValue()));
    }

    private Uni<Void> execute(String sql, UUID purchaseId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql).setParameter("id", purchaseId)
                .executeUpdate()).replaceWithVoid();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private PurchaseFacts read(String value) {
        try {
            return json.readValue(value, PurchaseFacts.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable audit facts: " + e.getMessage(), e);
        }
    }
}

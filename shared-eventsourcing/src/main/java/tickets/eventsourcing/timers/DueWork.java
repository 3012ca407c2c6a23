package tickets.eventsourcing.timers;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.DecisionLocks;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Durable timers and retried work, once for every service: a row in {@code due_work} per
 * (kind, stream), written in the caller's transaction, so it survives restarts and never fires
 * for a change that rolled back. A poller claims one due row at a time (several instances share
 * the work), runs its {@link DueWorkHandler} in that transaction and deletes the row; a failing item
 * backs off on its own row while the others go on. Work that calls another system does so with no
 * transaction open ({@link CallingDueWorkHandler}). Due times are compared with the database's clock only.
 *
 * <p>Lock order: a due row is claimed only after its saga's and stream's locks ({@link DecisionLocks}),
 * the locks every command on that stream takes first, so a command and a timer on the same stream
 * queue instead of deadlocking, and two pollers never run one item twice.
 */
@ApplicationScoped
public class DueWork {

    private static final Logger LOG = Logger.getLogger(DueWork.class);

    private static final String SCHEDULE = """
            insert into due_work (id, kind, stream_id, due_at, next_attempt_at, correlation_id, causation_id)
            values (:id, :kind, :streamId, %s, %s, :correlationId, :causationId)
            on conflict (kind, stream_id) do update set due_at = excluded.due_at,
                next_attempt_at = excluded.next_attempt_at, attempts = 0, last_error = null, claimed_until = null,
                correlation_id = excluded.correlation_id, causation_id = excluded.causation_id""";
    private static final String SCHEDULE_AT = SCHEDULE.formatted(":dueAt", ":dueAt");
    private static final String SCHEDULE_NOW = SCHEDULE.formatted("now()", "now()");
    private static final String SCHEDULE_ALL = """
            insert into due_work (id, kind, stream_id, due_at, next_attempt_at, correlation_id, causation_id)
            select r.id, :kind, r.stream_id, r.due_at, r.due_at, r.correlation_id, r.causation_id
            from jsonb_to_recordset(cast(cast(:rows as text) as jsonb)) as r(id uuid, stream_id uuid, due_at timestamptz,
                correlation_id text, causation_id text)
            on conflict (kind, stream_id) do update set due_at = excluded.due_at,
                next_attempt_at = excluded.next_attempt_at, attempts = 0, last_error = null, claimed_until = null,
                correlation_id = excluded.correlation_id, causation_id = excluded.causation_id""";
    private static final String CANCEL = "delete from due_work where kind = :kind and stream_id = :streamId";
    /** The next due item, unlocked: its stream's locks are taken before the row is claimed (one lock order). */
    private static final String NEXT_DUE = """
            select id, stream_id, correlation_id from due_work
            where next_attempt_at <= now() order by next_attempt_at limit 1""";
    private static final String DUE_ONE = """
            select id, stream_id, correlation_id from due_work
            where kind = :kind and stream_id = :streamId and next_attempt_at <= now()""";
    /** The item whether due or not, unless its call is out (leased). */
    private static final String EARLY_ONE = """
            select id, stream_id, correlation_id from due_work
            where kind = :kind and stream_id = :streamId and (claimed_until is null or claimed_until <= now())""";
    /** The row itself, once its stream's locks are held: gone or no longer due if someone else ran it meanwhile. */
    private static final String CLAIM = """
            select id, kind, stream_id, due_at, attempts, correlation_id, causation_id, now() from due_work
            where id = :id and next_attempt_at <= now() for update""";
    /** The same for work run before it is due: gone or leased if someone else runs it. */
    private static final String CLAIM_EARLY = """
            select id, kind, stream_id, due_at, attempts, correlation_id, causation_id, now() from due_work
            where id = :id and (claimed_until is null or claimed_until <= now()) for update""";
    /** Done, unless the work scheduled itself again meanwhile (a schedule moves its due time). */
    private static final String DONE = "delete from due_work where id = :id and due_at = :dueAt";
    private static final String LEASE = """
            update due_work set next_attempt_at = now() + :seconds * interval '1 second',
                claimed_until = now() + :seconds * interval '1 second' where id = :id""";
    private static final String BACK_OFF = """
            update due_work set attempts = attempts + 1, last_error = left(:error, 2000), claimed_until = null,
                next_attempt_at = now() + least(:maxSeconds, :firstSeconds * power(2, least(attempts, 20))) * interval '1 second'
            where id = :id""";

    @Inject
    Instance<DueWorkHandler> handlerBeans;
    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;
    @Inject
    DecisionLocks locks;
    @ConfigProperty(name = "tickets.due-work.max-per-poll", defaultValue = "200")
    int maxPerPoll;
    @ConfigProperty(name = "tickets.due-work.first-retry", defaultValue = "PT1S")
    Duration firstRetry;
    @ConfigProperty(name = "tickets.due-work.max-retry", defaultValue = "PT60S")
    Duration maxRetry;

    private volatile Map<String, DueWorkHandler> handlers;

    /** Work of {@code kind} on {@code streamId} becomes due at {@code dueAt} (replacing any earlier schedule of it). */
    public Uni<Void> schedule(String kind, UUID streamId, Instant dueAt, CommandContext context) {
        return execute(SCHEDULE_AT, kind, streamId, dueAt, context);
    }

    /** One timer for {@link #scheduleAll}. */
    public record Timer(UUID streamId, Instant dueAt, CommandContext context) {
    }

    /** Schedules work of {@code kind} on many streams (each at most once) with one statement. */
    public Uni<Void> scheduleAll(String kind, java.util.List<Timer> timers) {
        if (timers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        var rows = json.createArrayNode();
        for (Timer timer : timers) {
            rows.addObject()
                    .put("id", UUID.randomUUID().toString())
                    .put("stream_id", timer.streamId().toString())
                    // microseconds, truncated as the reactive client binds an Instant (PostgreSQL rounds text)
                    .put("due_at", timer.dueAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS).toString())
                    .put("correlation_id", timer.context().correlationId())
                    .put("causation_id", timer.context().causationId());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(SCHEDULE_ALL)
                .setParameter("kind", kind).setParameter("rows", rows.toString()).executeUpdate()).replaceWithVoid();
    }

    /** Work of {@code kind} on {@code streamId} is due at once (and retried until it succeeds). */
    public Uni<Void> scheduleNow(String kind, UUID streamId, CommandContext context) {
        return execute(SCHEDULE_NOW, kind, streamId, null, context);
    }

    /** The work is no longer needed (e.g. the hold it would expire has ended). */
    public Uni<Void> cancel(String kind, UUID streamId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CANCEL)
                .setParameter("kind", kind).setParameter("streamId", streamId).executeUpdate()).replaceWithVoid();
    }

    @Scheduled(every = "${tickets.due-work.poll-every:1s}", delayed = "${tickets.due-work.first-poll-after:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        if (handlers().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return runDue(maxPerPoll).onFailure().recoverWithItem(failure -> {
            LOG.warnf("due work could not be claimed, will try again: %s", failure.toString());
            return 0;
        }).replaceWithVoid();
    }

    /** Runs due items, each in its own transaction, until none is due or {@code max} ran; returns how many ran. */
    public Uni<Integer> runDue(int max) {
        if (max <= 0) {
            return Uni.createFrom().item(0);
        }
        return runOne().chain(ran -> ran ? runDue(max - 1).map(more -> more + 1) : Uni.createFrom().item(0));
    }

    /** Claims and runs one due item; false when nothing is due. A failing item is backed off, not rethrown. */
    public Uni<Boolean> runOne() {
        return run(() -> candidate(NEXT_DUE, Map.of()), CLAIM);
    }

    /**
     * Runs the due work of {@code kind} on {@code streamId} now, if it is due: a request that just
     * scheduled work can see it done before it answers. If the poller (or another request) is running
     * it right now, this waits for its stream's locks until that is done, and finds nothing left to do:
     * a request whose answer promises the work is done (a role that the user's next token carries)
     * cannot race the poller.
     */
    public Uni<Boolean> runNow(String kind, UUID streamId) {
        return run(() -> candidate(DUE_ONE, Map.of("kind", kind, "streamId", streamId)), CLAIM);
    }

    /**
     * Runs the work of {@code kind} on {@code streamId} now even if it is not due yet, unless it is being run: for
     * work a request does itself and schedules later only in case the request cannot (it fails or the process dies),
     * so the poller does not take it from the request in between.
     */
    public Uni<Boolean> runEarly(String kind, UUID streamId) {
        return run(() -> candidate(EARLY_ONE, Map.of("kind", kind, "streamId", streamId)), CLAIM_EARLY);
    }


    /** A due row found without locking it: its id, stream and correlation (the locks to take first). */
    private record Candidate(UUID id, UUID streamId, String correlationId) {
    }

    /** A claimed item, and what its calling handler prepared (null for other work). */
    private record Claimed(DueItem item, Object request) {
    }

    private Uni<Candidate> candidate(String sql, Map<String, Object> parameters) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql, Object[].class);
            parameters.forEach(query::setParameter);
            return query.getResultList();
        }).map(rows -> rows.isEmpty() ? null
                : new Candidate((UUID) rows.get(0)[0], (UUID) rows.get(0)[1], (String) rows.get(0)[2]));
    }

    /**
     * Finds a due item, takes its saga's and stream's locks (the order every command follows, so a timer
     * and a command never wait for each other in a circle), claims the row and runs its handler in that
     * transaction; a {@link CallingDueWorkHandler} is run in three steps instead. True when an item was
     * found (even if someone else had run it meanwhile).
     */
    private Uni<Boolean> run(java.util.function.Supplier<Uni<Candidate>> find, String claim) {
        AtomicReference<DueItem> claimed = new AtomicReference<>();
        return Panache.withTransaction(() -> find.get().chain(candidate -> {
                    if (candidate == null) {
                        return Uni.createFrom().item((Claimed) null);
                    }
                    return locks.lock(java.util.List.of(candidate.correlationId(), candidate.streamId().toString()))
                            .chain(() -> claim(claim, candidate.id()))
                            .chain(item -> item == null ? Uni.createFrom().item(new Claimed(null, null)) : start(item, claimed));
                }))
                .chain(started -> {
                    if (started == null) {
                        return Uni.createFrom().item(false);
                    }
                    if (started.request() == null) {
                        return Uni.createFrom().item(true);
                    }
                    return callAndRecord(started);
                })
                .onFailure(failure -> claimed.get() != null).recoverWithUni(failure -> backOff(claimed.get(), failure));
    }

    /** Runs a plain handler and marks the item done, or prepares a calling handler's call and leases the item. */
    @SuppressWarnings("unchecked")
    private Uni<Claimed> start(DueItem item, AtomicReference<DueItem> claimed) {
        claimed.set(item);
        DueWorkHandler handler = handlers().get(item.kind());
        if (handler == null) {
            return Uni.createFrom().failure(new IllegalStateException("no handler for due work " + item.kind()));
        }
        if (handler instanceof CallingDueWorkHandler<?, ?> calling) {
            return ((CallingDueWorkHandler<Object, Object>) calling).prepare(item).chain(request -> request == null
                    ? done(item).replaceWith(new Claimed(item, null))
                    : Panache.getSession().chain(session -> session.createNativeQuery(LEASE).setParameter("id", item.id())
                                    .setParameter("seconds", (double) calling.lease().toMillis() / 1000).executeUpdate())
                            .replaceWith(new Claimed(item, request)));
        }
        return handler.run(item).chain(() -> done(item)).replaceWith(new Claimed(item, null));
    }

    /** The call, with no transaction open; then its answer, recorded under the stream's locks. */
    @SuppressWarnings("unchecked")
    private Uni<Boolean> callAndRecord(Claimed started) {
        DueItem item = started.item();
        var calling = (CallingDueWorkHandler<Object, Object>) handlers().get(item.kind());
        return calling.call(started.request()).chain(answer -> Panache.withTransaction(() -> locks.lock(java.util.List.of(
                        item.correlationId(), item.streamId().toString()))
                .chain(() -> calling.record(item, started.request(), answer))
                .chain(() -> done(item))))
                .replaceWith(true);
    }

    private Uni<Void> done(DueItem item) {
        return Panache.getSession().chain(session -> session.createNativeQuery(DONE).setParameter("id", item.id())
                .setParameter("dueAt", item.dueAt()).executeUpdate()).replaceWithVoid();
    }

    private Uni<Boolean> backOff(DueItem item, Throwable failure) {
        LOG.warnf("due work %s on %s failed (attempt %d), will retry: %s", item.kind(), item.streamId(),
                item.attempts() + 1, failure.toString());
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery(BACK_OFF).setParameter("id", item.id())
                .setParameter("error", String.valueOf(failure))
                .setParameter("firstSeconds", (double) firstRetry.toMillis() / 1000)
                .setParameter("maxSeconds", (double) maxRetry.toMillis() / 1000)
                .executeUpdate())).replaceWith(true);
    }

    private Uni<DueItem> claim(String sql, UUID id) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql, Object[].class)
                        .setParameter("id", id).getResultList())
                .map(rows -> rows.isEmpty() ? null : item(rows.get(0)));
    }

    private static DueItem item(Object[] row) {
        return new DueItem((UUID) row[0], (String) row[1], (UUID) row[2], instant(row[3]), instant(row[7]),
                ((Number) row[4]).intValue(), (String) row[5], (String) row[6]);
    }

    /** A timestamptz as the reactive client hands it back. */
    static Instant instant(Object value) {
        return switch (value) {
            case Instant instant -> instant;
            case OffsetDateTime offset -> offset.toInstant();
            case LocalDateTime local -> local.toInstant(ZoneOffset.UTC);
            case java.util.Date date -> date.toInstant();
            default -> throw new IllegalStateException("not a timestamp: " + value);
        };
    }

    private Uni<Void> execute(String sql, String kind, UUID streamId, Instant dueAt, CommandContext context) {
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql)
                    .setParameter("id", UUID.randomUUID())
                    .setParameter("kind", kind)
                    .setParameter("streamId", streamId)
                    .setParameter("correlationId", context.correlationId())
                    .setParameter("causationId", context.causationId());
            if (dueAt != null) {
                query.setParameter("dueAt", dueAt);
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }

    private Map<String, DueWorkHandler> handlers() {
        Map<String, DueWorkHandler> known = handlers;
        if (known == null) {
            Map<String, DueWorkHandler> byKind = new HashMap<>();
            for (DueWorkHandler handler : handlerBeans) {
                if (byKind.put(handler.kind(), handler) != null) {
                    throw new IllegalStateException("two handlers for due work " + handler.kind());
                }
            }
            handlers = known = Map.copyOf(byKind);
        }
        return known;
    }
}

package tickets.reservations;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import tickets.contracts.reservations.ReservationsIntegrationEvent;
import tickets.eventsourcing.Appended;
import tickets.eventsourcing.EventSourcedAggregate;
import tickets.eventsourcing.OutgoingMessage;
import tickets.eventsourcing.RecordedEvent;
import tickets.eventsourcing.timers.DueWork;
import tickets.reservations.projections.CapacityLedger;
import tickets.reservations.projections.ReservationProjection;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The Reservation aggregate as the command handler sees it. */
@Singleton // stateless; constructor-injected, so no client proxy
public class ReservationAggregate extends EventSourcedAggregate<Reservation, ReservationCommand, ReservationEvent> {

    private final CapacityLedger ledger;
    private final DueWork dueWork;

    @Inject
    public ReservationAggregate(ReservationProjection readModel, CapacityLedger ledger, DueWork dueWork) {
        super("Reservation", ReservationEvent.class, Reservation.INITIAL, Reservation::evolve, Reservation::decide,
                readModel);
        this.ledger = ledger;
        this.dueWork = dueWork;
        // v1 (before purchases were paid) did not say how many holds the cart got: 0, "not known"
        codec().upcasting("ReservationCreated", 1, data -> ((com.fasterxml.jackson.databind.node.ObjectNode) data)
                .put("holdsOfCart", 0));
    }

    /** The one place where Reservations' domain events become integration events. */
    @Override
    public List<OutgoingMessage> publish(UUID streamId, ReservationEvent event) {
        ReservationsIntegrationEvent contract = switch (event) {
            case ReservationEvent.ReservationCreated e -> new ReservationsIntegrationEvent.ReservationCreated(
                    e.reservationId(), e.cartId(), e.userId(), e.concertId(),
                    contractLines(e.lines()), e.currency(), e.expiresAt(), e.holdsOfCart(),
                    e.shippingAddress());
            case ReservationEvent.ReservationConfirmed e -> new ReservationsIntegrationEvent.ReservationConfirmed(
                    e.reservationId(), e.cartId(), e.userId(), e.concertId(), contractLines(e.lines()));
            case ReservationEvent.ReservationRejected e -> new ReservationsIntegrationEvent.ReservationRejected(
                    e.cartId(), e.userId(), e.rejectedLines().stream().map(l -> new ReservationsIntegrationEvent.RejectedLine(
                            l.concertId(), l.ticketLevel(), l.requested(), l.available(), l.reason())).toList());
            case ReservationEvent.ReservationCancelled e -> new ReservationsIntegrationEvent.ReservationCancelled(
                    e.reservationId(), e.cartId(), e.userId(), e.concertId(), e.reason());
            case ReservationEvent.ReservationExpired e -> new ReservationsIntegrationEvent.ReservationExpired(
                    e.reservationId(), e.cartId(), e.userId(), e.concertId());
        };
        return List.of(OutgoingMessage.of(contract, ReservationsIntegrationEvent.SCHEMA_VERSION));
    }

    private static List<ReservationsIntegrationEvent.Line> contractLines(List<ReservationLine> lines) {
        return lines.stream().map(l -> new ReservationsIntegrationEvent.Line(l.ticketLevel(), l.quantity(),
                l.unitPriceMinor())).toList();
    }

    /**
     * A new hold sets its expiry timer; a sold hold drops it and keeps its tickets; a hold that ends gives its tickets back to the ledger (in the
     * ledger's one lock order: by level, case-insensitively) and drops its timer.
     */
    @Override
    public Uni<Void> react(Appended<Reservation, ReservationEvent> appended) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        Reservation reservation = appended.stateAfter();
        for (RecordedEvent<ReservationEvent> recorded : appended.events()) {
            chain = chain.chain(() -> switch (recorded.event()) {
                case ReservationEvent.ReservationCreated created -> dueWork.schedule(ReservationExpiry.KIND,
                        created.reservationId(), created.expiresAt(), appended.causedBy(recorded));
                case ReservationEvent.ReservationConfirmed confirmed -> dueWork.cancel(ReservationExpiry.KIND,
                        confirmed.reservationId());
                case ReservationEvent.ReservationCancelled cancelled -> release(reservation);
                case ReservationEvent.ReservationExpired expired -> release(reservation);
                case ReservationEvent.ReservationRejected rejected -> Uni.createFrom().voidItem();
            });
        }
        return chain;
    }

    /** A batch of new holds sets its expiry timers with one statement; anything else as {@link #react}. */
    @Override
    public Uni<Void> reactAll(List<Appended<Reservation, ReservationEvent>> appended) {
        List<DueWork.Timer> expiries = new java.util.ArrayList<>();
        List<Appended<Reservation, ReservationEvent>> others = new java.util.ArrayList<>();
        for (var one : appended) {
            if (one.events().size() == 1 && one.events().get(0).event() instanceof ReservationEvent.ReservationCreated created) {
                expiries.add(new DueWork.Timer(created.reservationId(), created.expiresAt(), one.causedBy(one.events().get(0))));
            } else if (!(one.events().size() == 1 && one.events().get(0).event() instanceof ReservationEvent.ReservationRejected)) {
                others.add(one); // a rejection changes nothing else
            }
        }
        return dueWork.scheduleAll(ReservationExpiry.KIND, expiries)
                .chain(() -> super.reactAll(others));
    }

    private Uni<Void> release(Reservation reservation) {
        Uni<Void> chain = dueWork.cancel(ReservationExpiry.KIND, reservation.id());
        List<ReservationLine> inLockOrder = reservation.lines().stream()
                .sorted(Comparator.comparing(line -> line.ticketLevel().toLowerCase(Locale.ROOT))).toList();
        for (ReservationLine line : inLockOrder) {
            chain = chain.chain(() -> ledger.release(reservation.concertId(), line.ticketLevel(), line.quantity()));
        }
        return chain;
    }
}

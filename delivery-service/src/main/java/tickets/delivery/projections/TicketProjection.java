package tickets.delivery.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import tickets.delivery.TicketDelivery;
import tickets.eventsourcing.ReadModel;

import java.util.List;
import java.util.UUID;

/** Keeps {@link TicketView} equal to each ticket of a delivery, in the append's transaction (or a rebuild's). */
@ApplicationScoped
public class TicketProjection implements ReadModel<TicketDelivery> {

    @Override
    public Uni<Void> write(UUID streamId, TicketDelivery delivery, long version) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (TicketDelivery.Ticket ticket : delivery.tickets().values()) {
            TicketView view = new TicketView();
            view.id = ticket.ticketId();
            view.orderId = streamId;
            view.purchaseId = delivery.purchaseId();
            view.userId = delivery.userId();
            view.concertId = delivery.concertId();
            view.ticketLevel = ticket.ticketLevel();
            view.method = ticket.method().name();
            view.status = ticket.status().name();
            view.code = ticket.code();
            view.preparedAt = delivery.preparedAt();
            view.deliveredAt = ticket.deliveredAt();
            view.carrier = ticket.carrier();
            view.trackingNumber = ticket.trackingNumber();
            view.shippingAddress = ticket.method() == tickets.delivery.DeliveryMethod.PRINTED ? delivery.shippingAddress() : null;
            view.admittedAt = ticket.admittedAt();
            view.revokedReason = ticket.status() == TicketDelivery.TicketStatus.REVOKED ? delivery.revokedReason() : null;
            view.version = version;
            chain = chain.chain(() -> Panache.getSession().chain(session -> session.merge(view)).replaceWithVoid());
        }
        return chain;
    }

    @Override
    public List<String> tables() {
        return List.of("ticket_view");
    }
}

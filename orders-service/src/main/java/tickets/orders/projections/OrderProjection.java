package tickets.orders.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import tickets.eventsourcing.ReadModel;
import tickets.orders.TicketOrder;

import java.util.List;
import java.util.UUID;

/** Keeps {@link OrderView} equal to the order, in the append's transaction (or a rebuild's). */
@ApplicationScoped
public class OrderProjection implements ReadModel<TicketOrder> {

    @Override
    public Uni<Void> write(UUID streamId, TicketOrder order, long version) {
        OrderView view = new OrderView();
        view.id = streamId;
        view.purchaseId = order.purchaseId();
        view.reservationId = order.reservationId();
        view.userId = order.userId();
        view.concertId = order.concertId();
        view.status = order.status().name();
        view.compensated = order.compensated();
        view.lines = new OrderView.Lines(order.lines());
        view.totalMinor = order.total().amountMinor();
        view.currency = order.total().currency();
        view.endReason = order.endReason();
        view.version = version;
        return Panache.getSession().chain(session -> session.merge(view)).replaceWithVoid();
    }

    @Override
    public List<String> tables() {
        return List.of("order_view");
    }
}

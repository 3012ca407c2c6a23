package tickets.orders.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import tickets.eventsourcing.ReadModel;
import tickets.orders.Purchase;

import java.util.List;
import java.util.UUID;

/** Keeps {@link PurchaseView} equal to the purchase, in the append's transaction (or a rebuild's). */
@ApplicationScoped
public class PurchaseProjection implements ReadModel<Purchase> {

    @Override
    public Uni<Void> write(UUID streamId, Purchase purchase, long version) {
        PurchaseView view = new PurchaseView();
        view.id = streamId;
        view.userId = purchase.userId();
        view.status = purchase.status().name();
        view.outcome = purchase.outcome() == null ? null : purchase.outcome().name();
        view.paymentStatus = purchase.payment().name();
        view.paymentId = purchase.paymentId();
        view.expectedOrders = purchase.expectedOrders();
        view.timeline = new PurchaseView.Timeline(List.copyOf(purchase.orders().values()), purchase.steps());
        view.version = version;
        return Panache.getSession().chain(session -> session.merge(view)).replaceWithVoid();
    }

    @Override
    public List<String> tables() {
        return List.of("purchase_view");
    }
}

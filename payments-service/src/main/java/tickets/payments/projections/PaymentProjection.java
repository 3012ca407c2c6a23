package tickets.payments.projections;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import tickets.eventsourcing.ReadModel;
import tickets.payments.Payment;

import java.util.List;
import java.util.UUID;

/** Keeps {@link PaymentView} equal to the payment, in the append's transaction (or a rebuild's). */
@ApplicationScoped
public class PaymentProjection implements ReadModel<Payment> {

    @Override
    public Uni<Void> write(UUID streamId, Payment payment, long version) {
        PaymentView view = new PaymentView();
        view.id = streamId;
        view.purchaseId = payment.purchaseId();
        view.userId = payment.userId();
        view.status = payment.status().name();
        view.amountMinor = payment.amount().amountMinor();
        view.currency = payment.amount().currency();
        view.providerReference = payment.providerReference();
        view.failureReason = payment.failureReason();
        view.settledBy = payment.settledBy();
        view.refundedMinor = payment.refunded().amountMinor();
        view.version = version;
        return Panache.getSession().chain(session -> session.merge(view)).replaceWithVoid();
    }

    @Override
    public List<String> tables() {
        return List.of("payment_view");
    }
}

package tickets.payments;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import tickets.contracts.payments.PaymentsIntegrationEvent;
import tickets.eventsourcing.Appended;
import tickets.eventsourcing.EventSourcedAggregate;
import tickets.eventsourcing.OutgoingMessage;
import tickets.eventsourcing.RecordedEvent;
import tickets.eventsourcing.timers.DueWork;
import tickets.payments.projections.PaymentProjection;

import java.util.List;
import java.util.UUID;

/** The Payment aggregate as the command handler sees it. */
@Singleton // stateless; constructor-injected, so no client proxy
public class PaymentAggregate extends EventSourcedAggregate<Payment, PaymentCommand, PaymentEvent> {

    private final DueWork dueWork;

    @Inject
    public PaymentAggregate(PaymentProjection readModel, DueWork dueWork) {
        super("Payment", PaymentEvent.class, Payment.INITIAL, Payment::evolve, Payment::decide, readModel);
        this.dueWork = dueWork;
    }

    /** The one place where Payments' domain events become integration events (a payment method never does). */
    @Override
    public List<OutgoingMessage> publish(UUID streamId, PaymentEvent event) {
        PaymentsIntegrationEvent contract = switch (event) {
            case PaymentEvent.PaymentInitiated e -> new PaymentsIntegrationEvent.PaymentInitiated(e.paymentId(),
                    e.purchaseId(), e.userId(), e.amount().amountMinor(), e.amount().currency(), e.lines().stream()
                    .map(l -> new PaymentsIntegrationEvent.Line(l.orderId(), l.concertId(), l.ticketLevel(), l.quantity(),
                            l.unitPriceMinor())).toList());
            case PaymentEvent.PaymentConfirmed e -> new PaymentsIntegrationEvent.PaymentConfirmed(e.paymentId(),
                    e.purchaseId(), e.userId(), e.amount().amountMinor(), e.amount().currency(), e.providerReference(),
                    e.at());
            case PaymentEvent.PaymentFailed e -> new PaymentsIntegrationEvent.PaymentFailed(e.paymentId(), e.purchaseId(),
                    e.userId(), e.reason());
            case PaymentEvent.PaymentRefunded e -> new PaymentsIntegrationEvent.PaymentRefunded(e.paymentId(),
                    e.purchaseId(), e.userId(), e.orderId(), e.amount().amountMinor(), e.amount().currency(),
                    e.providerRefundReference(), e.at());
            case PaymentEvent.RefundRequested e -> null; // private until the provider has refunded
        };
        return contract == null ? List.of() : List.of(OutgoingMessage.of(contract, PaymentsIntegrationEvent.SCHEMA_VERSION));
    }

    /** Talking to the provider is due work, done after the change commits (never inside its transaction). */
    @Override
    public Uni<Void> react(Appended<Payment, PaymentEvent> appended) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (RecordedEvent<PaymentEvent> recorded : appended.events()) {
            chain = chain.chain(() -> switch (recorded.event()) {
                case PaymentEvent.PaymentInitiated initiated -> dueWork.scheduleNow(ProviderWork.CHARGE,
                        initiated.paymentId(), appended.causedBy(recorded));
                case PaymentEvent.RefundRequested requested -> refundRequested(requested, appended.causedBy(recorded));
                case PaymentEvent.PaymentConfirmed confirmed -> dueWork.cancel(ProviderWork.STATUS, confirmed.paymentId());
                case PaymentEvent.PaymentFailed failed -> dueWork.cancel(ProviderWork.STATUS, failed.paymentId());
                case PaymentEvent.PaymentRefunded refunded -> Uni.createFrom().voidItem();
            });
        }
        return chain;
    }

    private Uni<Void> refundRequested(PaymentEvent.RefundRequested requested, tickets.eventsourcing.CommandContext context) {
        UUID refundId = ProviderWork.refundId(requested.paymentId(), requested.orderId());
        return io.quarkus.hibernate.reactive.panache.Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into refund_request (id, payment_id, order_id) values (:id, :paymentId, :orderId)
                        on conflict do nothing""")
                .setParameter("id", refundId).setParameter("paymentId", requested.paymentId())
                .setParameter("orderId", requested.orderId()).executeUpdate())
                .chain(() -> dueWork.scheduleNow(ProviderWork.REFUND, refundId, context));
    }
}

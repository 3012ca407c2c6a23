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

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(PaymentAggregate.class);

    private final DueWork dueWork;
    private final PaymentMetrics metrics;

    @Inject
    public PaymentAggregate(PaymentProjection readModel, DueWork dueWork, PaymentMetrics metrics) {
        super("Payment", PaymentEvent.class, Payment.INITIAL, Payment::evolve, Payment::decide, readModel);
        this.dueWork = dueWork;
        this.metrics = metrics;
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
            case PaymentEvent.PaymentCapturedAfterFailure e -> new PaymentsIntegrationEvent.PaymentCapturedAfterFailure(
                    e.paymentId(), e.purchaseId(), e.userId(), e.amount().amountMinor(), e.amount().currency(),
                    e.providerReference(), e.at());
            case PaymentEvent.LateCaptureRefunded e -> new PaymentsIntegrationEvent.LateCaptureRefunded(e.paymentId(),
                    e.purchaseId(), e.userId(), e.amount().amountMinor(), e.amount().currency(),
                    e.providerRefundReference(), e.at());
            case PaymentEvent.RefundRequested e -> null; // private until the provider has refunded
            case PaymentEvent.ChargeSent e -> null; // our own bookkeeping of the provider calls
            case PaymentEvent.ProviderPaymentNoted e -> null;
        };
        return contract == null ? List.of() : List.of(OutgoingMessage.of(contract, PaymentsIntegrationEvent.SCHEMA_VERSION));
    }

    /** Talking to the provider is due work, done after the change commits (never inside its transaction). */
    @Override
    public Uni<Void> react(Appended<Payment, PaymentEvent> appended) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (RecordedEvent<PaymentEvent> recorded : appended.events()) {
            chain = chain.chain(() -> switch (recorded.event()) {
                // the paying request sends the charge itself (DueWork#runEarly); the poller only if it could not
                case PaymentEvent.PaymentInitiated initiated -> dueWork.schedule(ProviderWork.CHARGE,
                        initiated.paymentId(), java.time.Instant.now().plus(ProviderWork.LEFT_TO_THE_REQUEST),
                        appended.causedBy(recorded));
                case PaymentEvent.RefundRequested requested -> refundRequested(requested, appended.causedBy(recorded));
                case PaymentEvent.PaymentConfirmed confirmed -> settled(confirmed.paymentId());
                case PaymentEvent.PaymentFailed failed -> settled(failed.paymentId());
                case PaymentEvent.PaymentCapturedAfterFailure late -> {
                    LOG.errorf("the provider captured %s for payment %s (purchase %s) after it had failed; all of it is "
                            + "being refunded", late.amount(), late.paymentId(), late.purchaseId());
                    metrics.lateCapture().increment();
                    yield Uni.createFrom().voidItem();
                }
                case PaymentEvent.PaymentRefunded refunded -> Uni.createFrom().voidItem();
                case PaymentEvent.LateCaptureRefunded refunded -> Uni.createFrom().voidItem();
                case PaymentEvent.ChargeSent sent -> Uni.createFrom().voidItem();
                case PaymentEvent.ProviderPaymentNoted noted -> Uni.createFrom().voidItem();
            });
        }
        return chain;
    }

    /** A settled payment needs no more charges or status queries. */
    private Uni<Void> settled(UUID paymentId) {
        return dueWork.cancel(ProviderWork.STATUS, paymentId).chain(() -> dueWork.cancel(ProviderWork.CHARGE, paymentId));
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

package tickets.reservations.handlers;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import tickets.contracts.payments.PaymentsIntegrationEvent;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentConfirmed;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentFailed;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentInitiated;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentRefunded;
import tickets.eventsourcing.inbox.Inbox;
import tickets.reservations.Reservations;

import java.util.List;
import java.util.Set;

/** The saga's step PaymentConfirmed → ReservationConfirmed for every hold of the purchase (or none). */
@ApplicationScoped
public class PaymentsHandler {

    /** What this consumer does nothing with: acknowledged without a transaction (Inbox.handleEach). */
    private static final java.util.Set<Class<? extends PaymentsIntegrationEvent>> IGNORED =
            java.util.Set.of(PaymentInitiated.class, PaymentFailed.class, PaymentRefunded.class,
                    PaymentsIntegrationEvent.PaymentCapturedAfterFailure.class, PaymentsIntegrationEvent.LateCaptureRefunded.class);

    @Inject
    Inbox inbox;
    @Inject
    Reservations reservations;

    @Incoming("payments")
    public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleEach(batch, PaymentsIntegrationEvent.class, IGNORED, (event, context) -> switch (event) {
            case PaymentConfirmed paid -> reservations.purchasePaid(paid.purchaseId(), paid.paymentId(), context);
            // a failed payment ends the orders, and their end releases the holds
            case PaymentInitiated initiated -> Uni.createFrom().voidItem(); // IGNORED
            case PaymentFailed failed -> Uni.createFrom().voidItem(); // IGNORED
            case PaymentRefunded refunded -> Uni.createFrom().voidItem(); // IGNORED
            case PaymentsIntegrationEvent.PaymentCapturedAfterFailure late -> Uni.createFrom().voidItem(); // IGNORED
            case PaymentsIntegrationEvent.LateCaptureRefunded refunded -> Uni.createFrom().voidItem(); // IGNORED
        });
    }
}

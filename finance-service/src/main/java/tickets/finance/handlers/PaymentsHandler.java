package tickets.finance.handlers;

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
import tickets.eventsourcing.DomainRuleViolation;
import tickets.eventsourcing.inbox.Inbox;
import tickets.eventsourcing.inbox.PoisonMessage;
import tickets.finance.Finance;

import java.util.List;
import java.util.Set;

/**
 * payments.events → PaymentInitiated: the invoice; PaymentConfirmed: paid; PaymentFailed: void;
 * PaymentRefunded: a credit note; each also counted on the customer's financial record. An event
 * the invoice refuses (it would not match, or credit more than was paid) is set aside with its
 * reason, never applied and never retried forever.
 */
@ApplicationScoped
public class PaymentsHandler {

    @Inject
    Inbox inbox;
    @Inject
    Finance finance;

    @Incoming("payments")
    public Uni<Void> on(List<String> payloads, IncomingKafkaRecordBatchMetadata<String, String> batch) {
        return inbox.handleEach(batch, PaymentsIntegrationEvent.class, Set.of(), (event, context) -> (switch (event) {
            case PaymentInitiated initiated -> finance.paymentInitiated(initiated, context);
            case PaymentConfirmed confirmed -> finance.paymentConfirmed(confirmed, context);
            case PaymentFailed failed -> finance.paymentFailed(failed, context);
            case PaymentRefunded refunded -> finance.paymentRefunded(refunded, context);
        }).onFailure(DomainRuleViolation.class).transform(refused -> new PoisonMessage(refused.getMessage())));
    }
}

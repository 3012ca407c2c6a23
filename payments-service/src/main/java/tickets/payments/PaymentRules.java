package tickets.payments;

import tickets.eventsourcing.DomainRuleViolation;
import tickets.eventsourcing.ResourceNotFound;

import java.util.UUID;

/** The rules a payment command can break. */
public final class PaymentRules {

    private PaymentRules() {
    }

    public static final class PaymentNotFound extends ResourceNotFound {
        public PaymentNotFound(Object id) {
            super("payment", id);
        }
    }

    public static final class PaymentAlreadyInitiated extends DomainRuleViolation {
        public PaymentAlreadyInitiated(UUID purchaseId) {
            super("purchase " + purchaseId + " is already being paid or was paid");
        }
    }

    public static final class NotYetSettled extends DomainRuleViolation {
        public NotYetSettled(UUID paymentId) {
            super("payment " + paymentId + " has not been settled by the provider yet");
        }
    }

    /**
     * The provider's answer names another payment of theirs, or another amount or currency, than the one we asked
     * for: it is not applied (someone's configuration or a forged message is wrong; a person must look).
     */
    public static final class ProviderAnswerMismatch extends DomainRuleViolation {
        public ProviderAnswerMismatch(UUID paymentId, String what) {
            super("the provider's answer does not match payment " + paymentId + ": " + what);
        }
    }

    public static final class RefundExceedsCapture extends DomainRuleViolation {
        public RefundExceedsCapture(UUID paymentId) {
            super("payment " + paymentId + " cannot refund more than was captured");
        }
    }
}

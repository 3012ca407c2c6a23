package tickets.finance;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tickets.contracts.Money;

import java.time.Instant;
import java.util.UUID;

/** What changes a customer's financial record (its stream id is the user's). */
public sealed interface FinancialInfoCommand {

    UUID userId();

    /** The user registered. */
    record CreateUserFinancialInfo(UUID userId, Instant at) implements FinancialInfoCommand {
    }

    /** A payment of the user changed; the record is created first if the registration has not arrived yet. */
    record UpdateUserFinancialInfo(UUID userId, PaymentChange change, Instant at) implements FinancialInfoCommand {
    }

    /** What happened to one of the user's payments (stored inside its event, hence the type name in the JSON). */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({@JsonSubTypes.Type(value = PaymentStarted.class, name = "started"),
            @JsonSubTypes.Type(value = PaymentCompleted.class, name = "completed"),
            @JsonSubTypes.Type(value = PaymentFailed.class, name = "failed"),
            @JsonSubTypes.Type(value = PaymentRefunded.class, name = "refunded")})
    sealed interface PaymentChange {
        UUID paymentId();
    }

    record PaymentStarted(UUID paymentId, long amountMinor, String currency) implements PaymentChange {
        public PaymentStarted {
            Money.of(amountMinor, currency);
        }
    }

    record PaymentCompleted(UUID paymentId, long amountMinor, String currency) implements PaymentChange {
        public PaymentCompleted {
            Money.of(amountMinor, currency);
        }
    }

    record PaymentFailed(UUID paymentId) implements PaymentChange {
    }

    /** {@code orderId}: the compensated order the refund was for (one refund per order). */
    record PaymentRefunded(UUID paymentId, UUID orderId, long amountMinor, String currency) implements PaymentChange {
        public PaymentRefunded {
            Money.of(amountMinor, currency);
        }
    }
}

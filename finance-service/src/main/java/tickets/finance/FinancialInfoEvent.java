package tickets.finance;

import tickets.finance.FinancialInfoCommand.PaymentChange;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A customer's financial record: created once, then one event per payment change it counts. */
public sealed interface FinancialInfoEvent {

    /** {@code registered}: false when a payment arrived before the user's registration did. */
    record UserFinancialInfoCreated(UUID userId, boolean registered, Instant at) implements FinancialInfoEvent {
    }

    /** The user's registration arrived after a payment of theirs had already created the record. */
    record UserRegistrationNoted(UUID userId, Instant at) implements FinancialInfoEvent {
    }

    /** {@code totalsAfter}: the record's totals with this change counted (what is published). */
    record UserFinancialInfoUpdated(UUID userId, PaymentChange change, List<UserFinancialInfo.Totals> totalsAfter,
                                    Instant at) implements FinancialInfoEvent {
        public UserFinancialInfoUpdated {
            totalsAfter = List.copyOf(totalsAfter);
        }
    }
}

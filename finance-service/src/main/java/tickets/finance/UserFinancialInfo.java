package tickets.finance;

import tickets.finance.FinancialInfoCommand.CreateUserFinancialInfo;
import tickets.finance.FinancialInfoCommand.PaymentChange;
import tickets.finance.FinancialInfoCommand.PaymentCompleted;
import tickets.finance.FinancialInfoCommand.PaymentFailed;
import tickets.finance.FinancialInfoCommand.PaymentRefunded;
import tickets.finance.FinancialInfoCommand.PaymentStarted;
import tickets.finance.FinancialInfoCommand.UpdateUserFinancialInfo;
import tickets.finance.FinancialInfoEvent.UserFinancialInfoCreated;
import tickets.finance.FinancialInfoEvent.UserFinancialInfoUpdated;
import tickets.finance.FinancialInfoEvent.UserRegistrationNoted;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A customer's money with us, per currency: ongoing payments (initiated, not settled), completed
 * ones, refunds, failures. Each payment is counted once however often its events arrive; a
 * payment that arrives before the user's registration creates the record (Kafka orders nothing
 * across topics).
 */
public record UserFinancialInfo(UUID userId, boolean exists, boolean registered, Map<UUID, Payment> payments) {

    public enum PaymentStatus { ONGOING, COMPLETED, FAILED }

    /** One payment as the record knows it; {@code refundedOrders}: the orders refunded from it. */
    public record Payment(String currency, long amountMinor, PaymentStatus status, long refundedMinor,
                          Set<UUID> refundedOrders) {
    }

    /** The totals in one currency. */
    public record Totals(String currency, long ongoingMinor, int ongoingCount, long completedMinor, int completedCount,
                         long refundedMinor, int refundedCount, int failedCount) {
    }

    public static final UserFinancialInfo INITIAL = new UserFinancialInfo(null, false, false, Map.of());

    public static List<FinancialInfoEvent> decide(FinancialInfoCommand command, UserFinancialInfo state) {
        return switch (command) {
            case CreateUserFinancialInfo create -> !state.exists
                    ? List.of(new UserFinancialInfoCreated(create.userId(), true, create.at()))
                    : state.registered ? List.of() : List.of(new UserRegistrationNoted(create.userId(), create.at()));
            case UpdateUserFinancialInfo update -> {
                if (!state.counts(update.change())) {
                    yield List.of();
                }
                List<FinancialInfoEvent> events = new ArrayList<>();
                UserFinancialInfo current = state;
                if (!state.exists) {
                    UserFinancialInfoCreated created = new UserFinancialInfoCreated(update.userId(), false, update.at());
                    events.add(created);
                    current = evolve(current, created);
                }
                List<Totals> after = evolve(current, new UserFinancialInfoUpdated(update.userId(), update.change(),
                        List.of(), update.at())).totals();
                events.add(new UserFinancialInfoUpdated(update.userId(), update.change(), after, update.at()));
                yield List.copyOf(events);
            }
        };
    }

    /** Whether the change is news: each step of a payment is counted once, in its order. */
    private boolean counts(PaymentChange change) {
        Payment known = payments.get(change.paymentId());
        return switch (change) {
            case PaymentStarted ignored -> known == null;
            case PaymentCompleted ignored -> known == null || known.status == PaymentStatus.ONGOING;
            // a failure says no amount: it counts only for a payment whose start was counted
            case PaymentFailed ignored -> known != null && known.status == PaymentStatus.ONGOING;
            case PaymentRefunded refund -> known != null && known.status == PaymentStatus.COMPLETED
                    && !known.refundedOrders.contains(refund.orderId());
        };
    }

    public static UserFinancialInfo evolve(UserFinancialInfo state, FinancialInfoEvent event) {
        return switch (event) {
            case UserFinancialInfoCreated e -> new UserFinancialInfo(e.userId(), true, e.registered(), Map.of());
            case UserRegistrationNoted e -> new UserFinancialInfo(state.userId, true, true, state.payments);
            case UserFinancialInfoUpdated e -> {
                Map<UUID, Payment> payments = new HashMap<>(state.payments);
                Payment known = payments.get(e.change().paymentId());
                switch (e.change()) {
                    case PaymentStarted started -> payments.put(started.paymentId(), new Payment(started.currency(),
                            started.amountMinor(), PaymentStatus.ONGOING, 0, Set.of()));
                    case PaymentCompleted completed -> payments.put(completed.paymentId(), new Payment(
                            completed.currency(), completed.amountMinor(), PaymentStatus.COMPLETED, 0,
                            Set.of()));
                    case PaymentFailed failed -> payments.put(failed.paymentId(), new Payment(known.currency,
                            known.amountMinor, PaymentStatus.FAILED, 0, Set.of()));
                    case PaymentRefunded refund -> {
                        Set<UUID> orders = new HashSet<>(known.refundedOrders);
                        orders.add(refund.orderId());
                        payments.put(refund.paymentId(), new Payment(known.currency, known.amountMinor, known.status,
                                known.refundedMinor + refund.amountMinor(), Set.copyOf(orders)));
                    }
                }
                yield new UserFinancialInfo(state.userId, true, state.registered, Map.copyOf(payments));
            }
        };
    }

    /** The totals per currency, in currency order. */
    public List<Totals> totals() {
        Map<String, long[]> sums = new TreeMap<>();
        for (Payment payment : payments.values()) {
            long[] t = sums.computeIfAbsent(payment.currency, c -> new long[7]);
            switch (payment.status) {
                case ONGOING -> {
                    t[0] += payment.amountMinor;
                    t[1]++;
                }
                case COMPLETED -> {
                    t[2] += payment.amountMinor;
                    t[3]++;
                }
                case FAILED -> t[6]++;
            }
            t[4] += payment.refundedMinor;
            t[5] += payment.refundedOrders.size();
        }
        return sums.entrySet().stream().map(entry -> {
            long[] t = entry.getValue();
            return new Totals(entry.getKey(), t[0], (int) t[1], t[2], (int) t[3], t[4], (int) t[5], (int) t[6]);
        }).toList();
    }
}

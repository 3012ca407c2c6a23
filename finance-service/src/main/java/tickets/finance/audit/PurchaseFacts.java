package tickets.finance.audit;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What every context published about one purchase, as the audit collected it from their topics: its
 * orders, its payment, the seats reservations sold, the tickets delivery issued and revoked, and how
 * often it ended. Pure: {@code with...} returns the facts after one more event, {@link #discrepancies}
 * checks them against the books (DESIGN.md section 9), given the cancelled concerts and the invoice.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PurchaseFacts(UUID purchaseId, UUID userId, int endings, String outcome, Map<UUID, OrderFacts> orders,
                            PaymentFacts payment, Map<UUID, SoldHold> sold, Map<UUID, TicketFacts> tickets) {

    public PurchaseFacts {
        orders = orders == null ? Map.of() : Map.copyOf(orders);
        sold = sold == null ? Map.of() : Map.copyOf(sold);
        tickets = tickets == null ? Map.of() : Map.copyOf(tickets);
    }

    /** An order as orders.events told it: its concert, amount, seats per level, and how it ended. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OrderFacts(UUID concertId, long totalMinor, String currency, Map<String, Integer> seats, String status,
                             boolean compensated) {

        /** Completed and not compensated: what the customer keeps and pays for. */
        boolean stands() {
            return "COMPLETED".equals(status);
        }
    }

    /**
     * The payment as payments.events told it; {@code capturedMinor}: taken with the confirmation; {@code
     * refundedMinor}: refunds of compensated orders; {@code late...}: money taken after the payment had failed, and
     * given back.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PaymentFacts(UUID paymentId, String status, long amountMinor, String currency, long capturedMinor,
                               long refundedMinor, long lateCapturedMinor, long lateRefundedMinor) {

        public PaymentFacts initiated(long amount, String inCurrency) {
            return new PaymentFacts(paymentId, status, amount, inCurrency, capturedMinor, refundedMinor, lateCapturedMinor,
                    lateRefundedMinor);
        }

        public PaymentFacts confirmed(long amount, String inCurrency) {
            return new PaymentFacts(paymentId, "CONFIRMED", amount, inCurrency, amount, refundedMinor, lateCapturedMinor,
                    lateRefundedMinor);
        }

        public PaymentFacts failed() {
            return new PaymentFacts(paymentId, "FAILED", amountMinor, currency, capturedMinor, refundedMinor,
                    lateCapturedMinor, lateRefundedMinor);
        }

        public PaymentFacts refunded(long amount) {
            return new PaymentFacts(paymentId, status, amountMinor, currency, capturedMinor, refundedMinor + amount,
                    lateCapturedMinor, lateRefundedMinor);
        }

        public PaymentFacts capturedLate(long amount) {
            return new PaymentFacts(paymentId, status, amountMinor, currency, capturedMinor, refundedMinor, amount,
                    lateRefundedMinor);
        }

        public PaymentFacts lateCaptureRefunded(long amount) {
            return new PaymentFacts(paymentId, status, amountMinor, currency, capturedMinor, refundedMinor,
                    lateCapturedMinor, amount);
        }
    }

    /** A hold reservations sold: its concert and seats per level. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SoldHold(UUID concertId, Map<String, Integer> seats) {
    }

    /** A ticket delivery issued, and whether it was revoked. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TicketFacts(UUID orderId, UUID concertId, String level, boolean revoked) {
    }

    /** The invoice as finance keeps it (null: none was issued). */
    public record InvoiceFacts(String status, long paidMinor, long creditedMinor) {
    }

    public static PurchaseFacts none(UUID purchaseId) {
        return new PurchaseFacts(purchaseId, null, 0, null, Map.of(), null, Map.of(), Map.of());
    }

    public PurchaseFacts withUser(UUID user) {
        return user == null || userId != null ? this
                : new PurchaseFacts(purchaseId, user, endings, outcome, orders, payment, sold, tickets);
    }

    public PurchaseFacts withOrder(UUID orderId, UUID concertId, long totalMinor, String currency, Map<String, Integer> seats) {
        if (orders.containsKey(orderId)) {
            return this;
        }
        Map<UUID, OrderFacts> next = new LinkedHashMap<>(orders);
        next.put(orderId, new OrderFacts(concertId, totalMinor, currency, normalized(seats), "OPEN", false));
        return new PurchaseFacts(purchaseId, userId, endings, outcome, next, payment, sold, tickets);
    }

    /** The order ended: completed, cancelled unsold, or compensated after it was paid for. */
    public PurchaseFacts withOrderEnded(UUID orderId, boolean completed, boolean compensated) {
        OrderFacts order = orders.get(orderId);
        if (order == null) {
            return this; // an end without its creation: the creation was lost, which the check reports below
        }
        Map<UUID, OrderFacts> next = new LinkedHashMap<>(orders);
        next.put(orderId, new OrderFacts(order.concertId(), order.totalMinor(), order.currency(), order.seats(),
                completed ? "COMPLETED" : compensated ? "COMPENSATED" : "CANCELLED", compensated));
        return new PurchaseFacts(purchaseId, userId, endings, outcome, next, payment, sold, tickets);
    }

    public PurchaseFacts withEnd(String how) {
        return new PurchaseFacts(purchaseId, userId, endings + 1, how, orders, payment, sold, tickets);
    }

    public PurchaseFacts withPayment(PaymentFacts changed) {
        return new PurchaseFacts(purchaseId, userId, endings, outcome, orders, changed, sold, tickets);
    }

    /** The payment after {@code change} (applied to a new pending one for {@code paymentId} if none was told yet). */
    public PurchaseFacts withPayment(UUID paymentId, String currency, java.util.function.UnaryOperator<PaymentFacts> change) {
        return withPayment(change.apply(payment != null ? payment
                : new PaymentFacts(paymentId, "PENDING", 0, currency, 0, 0, 0, 0)));
    }

    public PurchaseFacts withSold(UUID reservationId, UUID concertId, Map<String, Integer> seats) {
        Map<UUID, SoldHold> next = new LinkedHashMap<>(sold);
        next.put(reservationId, new SoldHold(concertId, normalized(seats)));
        return new PurchaseFacts(purchaseId, userId, endings, outcome, orders, payment, next, tickets);
    }

    public PurchaseFacts withTickets(UUID orderId, UUID concertId, Map<UUID, String> levelByTicket) {
        Map<UUID, TicketFacts> next = new LinkedHashMap<>(tickets);
        levelByTicket.forEach((ticketId, level) -> next.putIfAbsent(ticketId,
                new TicketFacts(orderId, concertId, level.toLowerCase(Locale.ROOT), false)));
        return new PurchaseFacts(purchaseId, userId, endings, outcome, orders, payment, sold, next);
    }

    public PurchaseFacts withRevoked(List<UUID> ticketIds) {
        Map<UUID, TicketFacts> next = new LinkedHashMap<>(tickets);
        for (UUID ticketId : ticketIds) {
            TicketFacts ticket = next.get(ticketId);
            if (ticket != null) {
                next.put(ticketId, new TicketFacts(ticket.orderId(), ticket.concertId(), ticket.level(), true));
            }
        }
        return new PurchaseFacts(purchaseId, userId, endings, outcome, orders, payment, sold, next);
    }

    /**
     * Where the purchase's books do not balance, in words; empty when they do. {@code cancelledConcerts}: the
     * concerts of the purchase known to be cancelled; {@code invoice}: null when none was issued.
     */
    public List<String> discrepancies(Set<UUID> cancelledConcerts, InvoiceFacts invoice) {
        List<String> problems = new ArrayList<>();
        if (endings > 1) {
            problems.add("the purchase ended " + endings + " times (exactly once expected)");
        }
        if (endings == 0 && !orders.isEmpty() && orders.values().stream().noneMatch(order -> "OPEN".equals(order.status()))) {
            problems.add("every order ended, but the purchase never did");
        }
        boolean paid = payment != null && "CONFIRMED".equals(payment.status());
        long owed = orders.values().stream().filter(OrderFacts::stands).mapToLong(OrderFacts::totalMinor).sum();
        long kept = paid ? payment.capturedMinor() - payment.refundedMinor() : 0;
        if (kept != owed) {
            problems.add(paid
                    ? "captured - refunded = " + kept + " but the completed, not compensated orders come to " + owed
                    : "orders worth " + owed + " completed without a confirmed payment");
        }
        if (payment != null && payment.lateCapturedMinor() != payment.lateRefundedMinor()) {
            problems.add("the provider took " + payment.lateCapturedMinor() + " after the payment had failed and "
                    + payment.lateRefundedMinor() + " of it was refunded");
        }
        Map<String, Integer> owedSeats = new TreeMap<>();
        orders.values().stream().filter(OrderFacts::stands).forEach(order -> order.seats()
                .forEach((level, n) -> owedSeats.merge(key(order.concertId(), level), n, Integer::sum)));
        Map<String, Integer> validTickets = new TreeMap<>();
        tickets.values().stream().filter(ticket -> !ticket.revoked())
                .forEach(ticket -> validTickets.merge(key(ticket.concertId(), ticket.level()), 1, Integer::sum));
        if (!owedSeats.equals(validTickets)) {
            problems.add("valid tickets " + validTickets + " but the completed, not compensated orders hold " + owedSeats);
        }
        for (Map.Entry<UUID, TicketFacts> ticket : tickets.entrySet()) {
            OrderFacts order = orders.get(ticket.getValue().orderId());
            if (ticket.getValue().revoked() && order != null && order.stands()) {
                problems.add("ticket " + ticket.getKey() + " was revoked, but its order stands (completed, not compensated)");
            }
            if (!ticket.getValue().revoked() && cancelledConcerts.contains(ticket.getValue().concertId())) {
                problems.add("ticket " + ticket.getKey() + " still admits to a cancelled concert");
            }
        }
        Map<String, Integer> soldSeats = new TreeMap<>();
        sold.values().stream().filter(hold -> !cancelledConcerts.contains(hold.concertId()))
                .forEach(hold -> hold.seats().forEach((level, n) -> soldSeats.merge(key(hold.concertId(), level), n,
                        Integer::sum)));
        Map<String, Integer> validOfOpenConcerts = new TreeMap<>();
        tickets.values().stream().filter(ticket -> !ticket.revoked() && !cancelledConcerts.contains(ticket.concertId()))
                .forEach(ticket -> validOfOpenConcerts.merge(key(ticket.concertId(), ticket.level()), 1, Integer::sum));
        if (!soldSeats.equals(validOfOpenConcerts)) {
            problems.add("reservations sold " + soldSeats + " but the valid tickets are " + validOfOpenConcerts);
        }
        if (payment != null) {
            if (invoice == null) {
                problems.add("payment " + payment.paymentId() + " has no invoice");
            } else if (invoice.paidMinor() - invoice.creditedMinor() != kept) {
                problems.add("invoice paid - credited = " + (invoice.paidMinor() - invoice.creditedMinor())
                        + " but captured - refunded = " + kept);
            }
        }
        return problems;
    }

    private static String key(UUID concertId, String level) {
        return concertId + "/" + level.toLowerCase(Locale.ROOT);
    }

    private static Map<String, Integer> normalized(Map<String, Integer> seats) {
        Map<String, Integer> byLevel = new TreeMap<>();
        Objects.requireNonNull(seats, "seats").forEach((level, n) -> byLevel.merge(level.toLowerCase(Locale.ROOT), n,
                Integer::sum));
        return byLevel;
    }
}

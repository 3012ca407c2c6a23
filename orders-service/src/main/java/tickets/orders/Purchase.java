package tickets.orders;

import tickets.contracts.Money;
import tickets.orders.PurchaseCommand.AttachOrder;
import tickets.orders.PurchaseCommand.NoteCartConfirmed;
import tickets.orders.PurchaseCommand.NoteDelivery;
import tickets.orders.PurchaseCommand.NoteInvoice;
import tickets.orders.PurchaseCommand.NoteOrderEnded;
import tickets.orders.PurchaseCommand.NotePayment;
import tickets.orders.PurchaseCommand.NoteRejection;
import tickets.orders.PurchaseEvent.CancellationRequired;
import tickets.orders.PurchaseEvent.CartConfirmationNoted;
import tickets.orders.PurchaseEvent.CompensationRequired;
import tickets.orders.PurchaseEvent.DeliveryNoted;
import tickets.orders.PurchaseEvent.InvoiceNoted;
import tickets.orders.PurchaseEvent.OrderAttached;
import tickets.orders.PurchaseEvent.OrderEndNoted;
import tickets.orders.PurchaseEvent.PaymentNoted;
import tickets.orders.PurchaseEvent.PurchaseEnded;
import tickets.orders.PurchaseEvent.PurchaseStarted;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One purchase per confirmed cart (its id is the cart's): it knows its orders and its payment,
 * keeps every step with its time, and ends exactly once: completed when every order completed,
 * cancelled when every order ended and not all completed, rejected when nothing could be held.
 */
public record Purchase(UUID id, UUID userId, Status status, Outcome outcome, int expectedOrders,
                       Map<UUID, Order> orders, PaymentStatus payment, UUID paymentId, List<Step> steps) {

    public enum Status { NONE, OPEN, ENDED }

    public enum Outcome { COMPLETED, CANCELLED, REJECTED }

    public enum PaymentStatus { NONE, PENDING, CONFIRMED, FAILED, REFUNDED }

    /**
     * An order of the purchase as the purchase knows it; {@code compensationRequired}: the purchase asked for its
     * compensation (once).
     */
    public record Order(UUID orderId, UUID concertId, Money total, String status, boolean compensated,
                        boolean compensationRequired) {

        boolean ended() {
            return !status.equals("OPEN");
        }
    }

    /** One step of the timeline: what happened, when, and a word on it. */
    public record Step(String name, Instant at, String detail) {
    }

    public static final Purchase INITIAL = new Purchase(null, null, Status.NONE, null, 0, Map.of(), PaymentStatus.NONE,
            null, List.of());

    public boolean isPaid() {
        return payment == PaymentStatus.CONFIRMED || payment == PaymentStatus.REFUNDED;
    }

    /** Why the purchase can no longer complete (an order of it ended unsold, its payment failed, it ended), or null. */
    String whyItCannotComplete() {
        if (status == Status.ENDED) {
            return "the purchase has ended";
        }
        if (payment == PaymentStatus.FAILED) {
            return "the purchase's payment failed";
        }
        return orders.values().stream().anyMatch(order -> order.status().equals("CANCELLED"))
                ? "another part of the purchase ended unsold" : null;
    }

    /** Paid for, yet ended unsold and not compensated: the orders whose compensation the purchase requires. */
    private List<UUID> unsoldButPaid() {
        return !isPaid() ? List.of() : orders.values().stream()
                .filter(order -> order.status().equals("CANCELLED") && !order.compensated() && !order.compensationRequired())
                .map(Order::orderId).sorted().toList();
    }

    public static List<PurchaseEvent> decide(PurchaseCommand command, Purchase state) {
        List<PurchaseEvent> events = new ArrayList<>();
        if (state.status == Status.NONE) {
            events.add(new PurchaseStarted(command.purchaseId(), userOf(command), command.at()));
        }
        Purchase current = state;
        for (PurchaseEvent event : events) {
            current = evolve(current, event);
        }
        switch (command) {
            case NoteCartConfirmed confirmed -> {
                if (current.steps.stream().noneMatch(step -> step.name().equals("cart confirmed"))) {
                    events.add(new CartConfirmationNoted(confirmed.concerts(), confirmed.total(), confirmed.at()));
                }
            }
            case AttachOrder attach -> {
                if (!current.orders.containsKey(attach.orderId())) {
                    String cannotComplete = current.whyItCannotComplete();
                    events.add(new OrderAttached(attach.orderId(), attach.concertId(), attach.total(),
                            attach.ordersInPurchase(), attach.at()));
                    if (cannotComplete != null) {
                        events.add(new CancellationRequired(attach.orderId(), cannotComplete, attach.at()));
                    }
                }
            }
            case NoteOrderEnded ended -> {
                Order order = current.orders.get(ended.orderId());
                String status = ended.completed() ? "COMPLETED" : "CANCELLED";
                if (order != null && (!order.status().equals(status) || order.compensated() != ended.compensated())) {
                    events.add(new OrderEndNoted(ended.orderId(), ended.completed(), ended.compensated(), ended.reason(),
                            ended.at()));
                }
            }
            case NoteRejection rejection -> {
                if (current.status != Status.ENDED) {
                    events.add(new PurchaseEnded(current.userId, Outcome.REJECTED, rejection.reason(), rejection.at()));
                }
            }
            case NoteDelivery delivery -> {
                boolean known = current.steps.stream().anyMatch(step -> step.name().equals(delivery.step())
                        && java.util.Objects.equals(step.detail(), delivery.detail()));
                if (!known) {
                    events.add(new DeliveryNoted(delivery.step(), delivery.detail(), delivery.at()));
                }
            }
            case PurchaseCommand.NotePaymentStep step -> {
                boolean known = current.steps.stream().anyMatch(known1 -> known1.name().equals(step.step())
                        && java.util.Objects.equals(known1.detail(), step.detail()));
                if (!known) {
                    events.add(new PurchaseEvent.PaymentStepNoted(step.step(), step.detail(), step.at()));
                }
            }
            case NoteInvoice invoice -> {
                boolean known = current.steps.stream().anyMatch(step -> step.name().equals(invoice.step())
                        && java.util.Objects.equals(step.detail(), invoice.detail()));
                if (!known) {
                    events.add(new InvoiceNoted(invoice.step(), invoice.detail(), invoice.at()));
                }
            }
            case NotePayment payment -> {
                boolean known = current.steps.stream().anyMatch(step -> step.name().equals(stepOf(payment.status()))
                        && java.util.Objects.equals(step.detail(), payment.detail()));
                if (!known) {
                    events.add(new PaymentNoted(payment.paymentId(), payment.status(), payment.detail(), payment.at()));
                }
            }
        }
        for (PurchaseEvent event : events) {
            current = evolve(current, event);
        }
        // whichever came first, a payment and an order that ended unsold: the order is compensated (asked once)
        for (UUID orderId : current.unsoldButPaid()) {
            CompensationRequired required = new CompensationRequired(orderId, "paid for, but the order had ended unsold",
                    command.at());
            events.add(required);
            current = evolve(current, required);
        }
        current.end(command.at()).ifPresent(events::add);
        return events;
    }

    /** The end, once every expected order has ended (and the purchase has not ended yet). */
    private java.util.Optional<PurchaseEvent> end(Instant at) {
        if (status != Status.OPEN || expectedOrders == 0 || orders.size() < expectedOrders
                || !orders.values().stream().allMatch(Order::ended)) {
            return java.util.Optional.empty();
        }
        boolean allCompleted = orders.values().stream().allMatch(o -> o.status().equals("COMPLETED"));
        return java.util.Optional.of(allCompleted ? new PurchaseEnded(userId, Outcome.COMPLETED, "every order completed", at)
                : new PurchaseEnded(userId, Outcome.CANCELLED, "an order ended unsold", at));
    }

    public static Purchase evolve(Purchase state, PurchaseEvent event) {
        List<Step> steps = new ArrayList<>(state.steps);
        Purchase next = switch (event) {
            case PurchaseStarted started -> new Purchase(started.purchaseId(), started.userId(), Status.OPEN, null, 0,
                    Map.of(), PaymentStatus.NONE, null, List.of());
            case CartConfirmationNoted noted -> {
                steps.add(new Step("cart confirmed", noted.at(), noted.concerts() + " concert(s), " + noted.total()));
                yield state.withExpected(Math.max(state.expectedOrders, noted.concerts()));
            }
            case OrderAttached attached -> {
                Map<UUID, Order> orders = new LinkedHashMap<>(state.orders);
                orders.put(attached.orderId(), new Order(attached.orderId(), attached.concertId(), attached.total(),
                        "OPEN", false, false));
                steps.add(new Step("held and ordered", attached.at(), "order " + attached.orderId() + ", " + attached.total()));
                yield new Purchase(state.id, state.userId, state.status, state.outcome,
                        Math.max(state.expectedOrders, attached.ordersInPurchase()), Map.copyOf(orders), state.payment,
                        state.paymentId, state.steps);
            }
            case OrderEndNoted ended -> {
                Map<UUID, Order> orders = new LinkedHashMap<>(state.orders);
                Order order = orders.get(ended.orderId());
                orders.put(ended.orderId(), new Order(order.orderId(), order.concertId(), order.total(),
                        ended.completed() ? "COMPLETED" : "CANCELLED", ended.compensated(), order.compensationRequired()));
                steps.add(new Step(ended.completed() ? "order completed" : ended.compensated() ? "order compensated"
                        : "order cancelled", ended.at(), ended.reason()));
                yield new Purchase(state.id, state.userId, state.status, state.outcome, state.expectedOrders,
                        Map.copyOf(orders), state.payment, state.paymentId, state.steps);
            }
            case PaymentNoted noted -> {
                steps.add(new Step(stepOf(noted.status()), noted.at(), noted.detail()));
                yield new Purchase(state.id, state.userId, state.status, state.outcome, state.expectedOrders, state.orders,
                        noted.status(), noted.paymentId(), state.steps);
            }
            case DeliveryNoted noted -> {
                steps.add(new Step(noted.step(), noted.at(), noted.detail()));
                yield state;
            }
            case InvoiceNoted noted -> {
                steps.add(new Step(noted.step(), noted.at(), noted.detail()));
                yield state;
            }
            case PurchaseEvent.PaymentStepNoted noted -> {
                steps.add(new Step(noted.step(), noted.at(), noted.detail()));
                yield state;
            }
            case CompensationRequired required -> {
                steps.add(new Step("compensation required", required.at(), "order " + required.orderId() + ": "
                        + required.reason()));
                Map<UUID, Order> orders = new LinkedHashMap<>(state.orders);
                Order order = orders.get(required.orderId());
                orders.put(required.orderId(), new Order(order.orderId(), order.concertId(), order.total(), order.status(),
                        order.compensated(), true));
                yield new Purchase(state.id, state.userId, state.status, state.outcome, state.expectedOrders,
                        Map.copyOf(orders), state.payment, state.paymentId, state.steps);
            }
            case CancellationRequired required -> {
                steps.add(new Step("cancellation required", required.at(), "order " + required.orderId() + ": "
                        + required.reason()));
                yield state;
            }
            case PurchaseEnded ended -> {
                steps.add(new Step(ended.outcome().name().toLowerCase(java.util.Locale.ROOT), ended.at(), ended.reason()));
                yield new Purchase(state.id, state.userId, Status.ENDED, ended.outcome(), state.expectedOrders,
                        state.orders, state.payment, state.paymentId, state.steps);
            }
        };
        return new Purchase(next.id, next.userId, next.status, next.outcome, next.expectedOrders, next.orders, next.payment,
                next.paymentId, List.copyOf(steps));
    }

    private Purchase withExpected(int expected) {
        return new Purchase(id, userId, status, outcome, expected, orders, payment, paymentId, steps);
    }

    static String stepOf(PaymentStatus status) {
        return switch (status) {
            case PENDING -> "payment pending";
            case CONFIRMED -> "payment confirmed";
            case FAILED -> "payment failed";
            case REFUNDED -> "refunded";
            case NONE -> "no payment";
        };
    }

    private static UUID userOf(PurchaseCommand command) {
        return switch (command) {
            case NoteCartConfirmed c -> c.userId();
            case AttachOrder c -> c.userId();
            case NoteRejection c -> c.userId();
            case NotePayment c -> c.userId();
            case NoteOrderEnded c -> null;
            case NoteDelivery c -> c.userId();
            case NoteInvoice c -> c.userId();
            case PurchaseCommand.NotePaymentStep c -> c.userId();
        };
    }
}

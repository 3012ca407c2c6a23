package tickets.orders.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.contracts.Topics;
import tickets.devstack.Devstack;
import tickets.testkit.InjectDevstack;
import tickets.testkit.Race;
import tickets.testkit.TestDatabase;
import tickets.testkit.TestEvents;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two saga events that meet in orders from two topics (DESIGN.md section 9), each pair both ways round and
 * truly at once (released together, for {@value #AT_ONCE} purchases): whichever orders reads first, its books
 * are the same. Asserted on what orders keeps and publishes: how each order ended, whether it was compensated
 * (which refunds the payment and revokes the tickets) exactly once, and that the purchase ended exactly once.
 */
@QuarkusTest
class SagaRacesTest {

    static final int AT_ONCE = 50;

    @InjectDevstack
    Devstack devstack;
    private TestEvents kafka;
    private TestDatabase orders;

    @BeforeEach
    void connect() {
        kafka = new TestEvents(devstack);
        orders = new TestDatabase(devstack, "orders");
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    /** A purchase of one hold (one order) of its own concert, as reservations would have published it. */
    private record Purchase(UUID id, UUID user, UUID hold, UUID concert, UUID order) {
    }

    /** What a purchase's books must say once quiet. */
    private record Books(String orderStatus, boolean compensated, String outcome) {
    }

    @Test
    void payment_confirmed_and_hold_expired_compensate_the_order_whichever_comes_first() {
        inEveryOrder(this::paymentConfirmed, this::holdExpired, new Books("CANCELLED", true, "CANCELLED"));
    }

    @Test
    void payment_confirmed_and_hold_cancelled_by_the_customer_compensate_the_order_whichever_comes_first() {
        inEveryOrder(this::paymentConfirmed, this::holdCancelledByTheCustomer, new Books("CANCELLED", true, "CANCELLED"));
    }

    @Test
    void payment_failed_and_hold_expired_cancel_the_order_unpaid_whichever_comes_first() {
        inEveryOrder(this::paymentFailed, this::holdExpired, new Books("CANCELLED", false, "CANCELLED"));
    }

    @Test
    void sale_confirmed_and_concert_cancelled_compensate_the_order_whichever_comes_first() {
        // the payment came first (it brings the sale); the sale and the concert's cancellation then race
        inEveryOrder(purchase -> {
            UUID paid = paymentConfirmed(purchase);
            awaitProcessed(paid);
            return sold(purchase);
        }, this::concertCancelled, null);
    }

    /**
     * {@code first} then {@code second} (each waited for), {@code second} then {@code first}, and both at once for
     * {@value #AT_ONCE} purchases; then every purchase's books. {@code expected} null: the sale/cancellation pair,
     * whose order is compensated exactly once, and whose purchase ended once (completed then compensated, or
     * compensated before it completed).
     */
    private void inEveryOrder(Function<Purchase, UUID> first, Function<Purchase, UUID> second, Books expected) {
        List<Purchase> all = new ArrayList<>();
        Purchase firstThenSecond = heldAndOrdered();
        Purchase secondThenFirst = heldAndOrdered();
        List<Purchase> atOnce = new ArrayList<>();
        for (int i = 0; i < AT_ONCE; i++) {
            atOnce.add(heldAndOrdered());
        }
        all.add(firstThenSecond);
        all.add(secondThenFirst);
        all.addAll(atOnce);
        awaitOrdered(all);

        awaitProcessed(first.apply(firstThenSecond));
        second.apply(firstThenSecond);
        awaitProcessed(second.apply(secondThenFirst));
        first.apply(secondThenFirst);
        Race.pairs(AT_ONCE, i -> first.apply(atOnce.get(i)), i -> second.apply(atOnce.get(i)));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (Purchase purchase : all) {
                assertBooks(purchase, expected);
            }
        });
    }

    private void assertBooks(Purchase purchase, Books expected) {
        List<Object> order = orders.query("select status, compensated from order_view where id = ?", purchase.order()).get(0);
        long ended = orders.count("select count(*) from events where stream_id = ? and event_type = 'PurchaseEnded'",
                purchase.id());
        long compensations = orders.count("select count(*) from events where stream_id = ? and event_type = "
                + "'OrderCancelled' and (data->>'compensated')::boolean", purchase.order());
        assertThat(ended).as("purchase %s ended exactly once", purchase.id()).isEqualTo(1);
        if (expected == null) {
            assertThat(order).as("order of %s", purchase.id()).containsExactly("CANCELLED", true);
            assertThat(compensations).as("order of %s compensated once", purchase.id()).isEqualTo(1);
            return;
        }
        assertThat(order).as("order of %s", purchase.id()).containsExactly(expected.orderStatus(), expected.compensated());
        assertThat(compensations).as("compensations of the order of %s", purchase.id())
                .isEqualTo(expected.compensated() ? 1 : 0);
        assertThat(orders.column("select outcome from purchase_view where id = ?", purchase.id()))
                .containsExactly(expected.outcome());
    }

    // --- the purchase and its events, as the other contexts publish them ---------------------------

    private Purchase heldAndOrdered() {
        UUID purchase = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        UUID hold = UUID.randomUUID();
        UUID concert = UUID.randomUUID();
        kafka.sendInSaga(Topics.RESERVATIONS, hold, "ReservationCreated", """
                {"reservationId":"%s","cartId":"%s","userId":"%s","concertId":"%s",
                 "lines":[{"ticketLevel":"Regular","quantity":2,"unitPriceMinor":2500}],"currency":"EUR",
                 "expiresAt":"2030-01-01T00:00:00Z","holdsOfCart":1}""".formatted(hold, purchase, user, concert));
        return new Purchase(purchase, user, hold, concert,
                UUID.nameUUIDFromBytes(("order:" + hold).getBytes(StandardCharsets.UTF_8)));
    }

    private void awaitOrdered(List<Purchase> purchases) {
        List<UUID> ids = purchases.stream().map(Purchase::order).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> orders.count(
                "select count(*) from order_view where id = any(?)", ids) == ids.size());
    }

    private void awaitProcessed(UUID eventId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> orders.count(
                "select count(*) from processed_messages where message_id = ?", eventId) > 0);
    }

    private UUID paymentConfirmed(Purchase purchase) {
        return kafka.send(Topics.PAYMENTS, paymentOf(purchase).toString(), "PaymentConfirmed", """
                {"paymentId":"%s","purchaseId":"%s","userId":"%s","amountMinor":5000,"currency":"EUR",
                 "providerReference":"py_race","confirmedAt":"2030-01-01T00:00:00Z"}"""
                .formatted(paymentOf(purchase), purchase.id(), purchase.user()), UUID.randomUUID(), purchase.id().toString());
    }

    private UUID paymentFailed(Purchase purchase) {
        return kafka.send(Topics.PAYMENTS, paymentOf(purchase).toString(), "PaymentFailed", """
                {"paymentId":"%s","purchaseId":"%s","userId":"%s","reason":"card_declined"}"""
                .formatted(paymentOf(purchase), purchase.id(), purchase.user()), UUID.randomUUID(), purchase.id().toString());
    }

    private UUID holdExpired(Purchase purchase) {
        return kafka.send(Topics.RESERVATIONS, purchase.hold().toString(), "ReservationExpired", """
                {"reservationId":"%s","cartId":"%s","userId":"%s","concertId":"%s"}"""
                .formatted(purchase.hold(), purchase.id(), purchase.user(), purchase.concert()), UUID.randomUUID(),
                purchase.id().toString());
    }

    private UUID holdCancelledByTheCustomer(Purchase purchase) {
        return kafka.send(Topics.RESERVATIONS, purchase.hold().toString(), "ReservationCancelled", """
                {"reservationId":"%s","cartId":"%s","userId":"%s","concertId":"%s","reason":"cancelled by the customer"}"""
                .formatted(purchase.hold(), purchase.id(), purchase.user(), purchase.concert()), UUID.randomUUID(),
                purchase.id().toString());
    }

    private UUID sold(Purchase purchase) {
        return kafka.send(Topics.RESERVATIONS, purchase.hold().toString(), "ReservationConfirmed", """
                {"reservationId":"%s","cartId":"%s","userId":"%s","concertId":"%s",
                 "lines":[{"ticketLevel":"Regular","quantity":2,"unitPriceMinor":2500}]}"""
                .formatted(purchase.hold(), purchase.id(), purchase.user(), purchase.concert()), UUID.randomUUID(),
                purchase.id().toString());
    }

    private UUID concertCancelled(Purchase purchase) {
        return kafka.send(Topics.CONCERTS, purchase.concert().toString(), "ConcertCancelled",
                "{\"concertId\":\"" + purchase.concert() + "\",\"reason\":\"storm\"}", UUID.randomUUID(),
                "request:" + UUID.randomUUID());
    }

    private static UUID paymentOf(Purchase purchase) {
        return UUID.nameUUIDFromBytes(("payment:" + purchase.id()).getBytes(StandardCharsets.UTF_8));
    }
}

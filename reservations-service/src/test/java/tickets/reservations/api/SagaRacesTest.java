package tickets.reservations.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.contracts.Topics;
import tickets.devstack.Devstack;
import tickets.testkit.InjectDevstack;
import tickets.testkit.Race;
import tickets.testkit.TestDatabase;
import tickets.testkit.TestEvents;
import tickets.testkit.TestTokens;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two saga events that meet in reservations (DESIGN.md section 9), each pair both ways round and truly at once
 * (released together, for {@value #AT_ONCE} purchases, each of its own concert): a payment and its concert's
 * cancellation, a confirmation and its concert's cancellation, a payment and the customer's own cancellation.
 * Asserted on reservations' books: every hold ends exactly once (sold, or released), none is left held, and the
 * ledger holds exactly the seats of the holds still sold.
 */
@QuarkusTest
class SagaRacesTest {

    static final int AT_ONCE = 50;

    @InjectDevstack
    Devstack devstack;
    private TestEvents kafka;
    private TestDatabase reservations;

    private long deadlocksBefore;

    @BeforeEach
    void connect() {
        kafka = new TestEvents(devstack);
        reservations = new TestDatabase(devstack, "reservations");
        deadlocksBefore = deadlocks();
    }

    /** Every lock was taken in the one order: PostgreSQL never had to break a circle of waits among these decisions. */
    private void assertNoDeadlock() {
        assertThat(deadlocks()).as("deadlocks PostgreSQL detected in reservations' database").isEqualTo(deadlocksBefore);
    }

    private long deadlocks() {
        return reservations.count("select deadlocks from pg_stat_database where datname = 'reservations'");
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    /** A purchase of two seats of a concert of its own; {@code hold} once reservations has held them. */
    private record Purchase(UUID id, UUID user, UUID concert, UUID hold) {
    }

    @Test
    void payment_confirmed_and_concert_cancelled_sell_or_release_each_hold_once() {
        List<Purchase> purchases = held(AT_ONCE + 2);
        inEveryOrder(purchases, this::paymentConfirmed, this::concertCancelled);
        awaitBooks(purchases);
        assertThat(purchases.stream().map(p -> status(p.hold())).distinct()).isSubsetOf("CONFIRMED", "CANCELLED");
        assertNoDeadlock();
    }

    @Test
    void a_confirmation_and_its_concert_s_cancellation_hold_nothing_in_the_end() {
        List<Purchase> carts = new ArrayList<>();
        for (int i = 0; i < AT_ONCE + 2; i++) {
            carts.add(new Purchase(UUID.randomUUID(), UUID.randomUUID(), concert(), null));
        }
        awaitConcertsKnown(carts);
        inEveryOrder(carts, this::cartConfirmed, this::concertCancelled);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (Purchase cart : carts) {
                List<String> decisions = reservations.column("select status from reservation_view where cart_id = ?",
                        cart.id());
                assertThat(decisions).as("cart %s decided once", cart.id()).hasSize(1);
                assertThat(decisions.get(0)).as("cart %s rejected, or held and released", cart.id())
                        .isIn("REJECTED", "CANCELLED");
                assertThat(reserved(cart.concert())).as("seats held for cancelled concert %s", cart.concert()).isZero();
            }
        });
        assertNoDeadlock();
    }

    @Test
    void payment_confirmed_and_the_customer_s_cancellation_sell_or_release_the_hold_once() {
        List<Purchase> purchases = held(AT_ONCE + 2);
        Map<UUID, Integer> answers = new ConcurrentHashMap<>();
        inEveryOrder(purchases, this::paymentConfirmed, purchase -> answers.put(purchase.hold(), cancelByCustomer(purchase)));
        awaitBooks(purchases);
        for (Purchase purchase : purchases) {
            String status = status(purchase.hold());
            assertThat(answers.get(purchase.hold())).as("the customer's answer for hold %s (%s)", purchase.hold(), status)
                    .isEqualTo(status.equals("CONFIRMED") ? 409 : 200);
        }
        assertNoDeadlock();
    }

    /** The first purchase: {@code first} then {@code second}; the next: the other way round; the rest: both at once. */
    private void inEveryOrder(List<Purchase> purchases, Consumer<Purchase> first, Consumer<Purchase> second) {
        first.accept(purchases.get(0));
        awaitQuiet(purchases.get(0));
        second.accept(purchases.get(0));
        second.accept(purchases.get(1));
        awaitQuiet(purchases.get(1));
        first.accept(purchases.get(1));
        List<Purchase> atOnce = purchases.subList(2, purchases.size());
        Race.pairs(atOnce.size(), i -> first.accept(atOnce.get(i)), i -> second.accept(atOnce.get(i)));
    }

    /** Every hold ended exactly once, none is held, and the ledger holds exactly the seats still sold. */
    private void awaitBooks(List<Purchase> purchases) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (Purchase purchase : purchases) {
                assertThat(reservations.count("""
                        select count(*) from events where stream_id = ? and event_type in
                            ('ReservationConfirmed', 'ReservationCancelled', 'ReservationExpired')""", purchase.hold()))
                        .as("hold %s ended exactly once", purchase.hold()).isEqualTo(1);
                long sold = status(purchase.hold()).equals("CONFIRMED") ? 2 : 0;
                assertThat(reserved(purchase.concert())).as("ledger of concert %s", purchase.concert()).isEqualTo(sold);
            }
        });
    }

    /** Waits until reservations has read the last event sent and released what a cancellation of the concert releases. */
    private void awaitQuiet(Purchase purchase) {
        UUID last = sent.get(sent.size() - 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> reservations.count(
                "select count(*) from processed_messages where message_id = ?", last) > 0
                && reservations.count("select count(*) from due_work where kind = 'concert-holds-release' and stream_id = ?",
                        purchase.concert()) == 0);
    }

    /** The ids of the events sent, in order. */
    private final List<UUID> sent = java.util.Collections.synchronizedList(new ArrayList<>());

    // --- the purchases, and the events that race -------------------------------------------------

    private List<Purchase> held(int count) {
        List<Purchase> carts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            carts.add(new Purchase(UUID.randomUUID(), UUID.randomUUID(), concert(), null));
        }
        awaitConcertsKnown(carts);
        carts.forEach(this::cartConfirmed);
        List<Purchase> held = carts.stream().map(cart -> new Purchase(cart.id(), cart.user(), cart.concert(),
                UUID.nameUUIDFromBytes(("reservation:" + cart.id() + ":" + cart.concert()).getBytes(StandardCharsets.UTF_8))))
                .toList();
        List<UUID> holds = held.stream().map(Purchase::hold).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> reservations.count(
                "select count(*) from reservation_view where id = any(?) and status = 'ACTIVE'", holds) == holds.size());
        return held;
    }

    private UUID concert() {
        UUID concert = UUID.randomUUID();
        kafka.send(Topics.CONCERTS, concert.toString(), "ConcertCreated", """
                {"concertId":"%s","title":"Raced","artist":"a","venue":"v","startsAt":"2030-01-01T00:00:00Z",
                 "ticketLevels":[{"name":"Regular","capacity":10,"priceMinor":1000,"currency":"EUR","deliveryMethod":"ONLINE"}]}"""
                .formatted(concert));
        return concert;
    }

    private void awaitConcertsKnown(List<Purchase> purchases) {
        List<UUID> concerts = purchases.stream().map(Purchase::concert).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> reservations.count(
                "select count(distinct concert_id) from level_capacity where concert_id = any(?)", concerts) == concerts.size());
    }

    private void cartConfirmed(Purchase cart) {
        sent.add(kafka.sendInSaga(Topics.CARTS, cart.id(), "CartConfirmed", """
                {"cartId":"%s","userId":"%s","lines":[{"concertId":"%s","ticketLevel":"Regular","quantity":2,
                 "unitPriceMinor":1000}],"totalMinor":2000,"currency":"EUR"}""".formatted(cart.id(), cart.user(), cart.concert())));
    }

    private void paymentConfirmed(Purchase purchase) {
        UUID payment = UUID.nameUUIDFromBytes(("payment:" + purchase.id()).getBytes(StandardCharsets.UTF_8));
        sent.add(kafka.send(Topics.PAYMENTS, payment.toString(), "PaymentConfirmed", """
                {"paymentId":"%s","purchaseId":"%s","userId":"%s","amountMinor":2000,"currency":"EUR",
                 "providerReference":"py_race","confirmedAt":"2030-01-01T00:00:00Z"}"""
                .formatted(payment, purchase.id(), purchase.user()), UUID.randomUUID(), purchase.id().toString()));
    }

    private void concertCancelled(Purchase purchase) {
        sent.add(kafka.send(Topics.CONCERTS, purchase.concert().toString(), "ConcertCancelled",
                "{\"concertId\":\"" + purchase.concert() + "\",\"reason\":\"storm\"}", UUID.randomUUID(),
                "request:" + UUID.randomUUID()));
    }

    private int cancelByCustomer(Purchase purchase) {
        Response answer = given().auth().oauth2(TestTokens.forUser(purchase.user().toString(), "customer"))
                .post("/api/reservations/" + purchase.hold() + "/cancellation");
        return answer.statusCode();
    }

    private String status(UUID hold) {
        return reservations.column("select status from reservation_view where id = ?", hold).get(0);
    }

    private long reserved(UUID concert) {
        return reservations.count("select coalesce(sum(reserved), 0) from level_capacity where concert_id = ?", concert);
    }
}

package tickets.platform;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tickets.platform.Shop.Customer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Money under concurrency, through the gateway as customers and an organizer do it (issue: money-safe under
 * concurrency): the organizer cancels a concert the moment two dozen customers' payments have answered; customers
 * cancel their holds, or let them expire, while their payments settle. Whatever each service read first, every
 * customer who paid either keeps valid tickets or gets all of it back with a credit note, and the books of all
 * eight services balance: across the databases ({@link Reconciliation}) and by finance's own audit.
 */
class MoneyUnderConcurrencyTest {

    private static Platform platform;
    private static Shop shop;

    @BeforeAll
    static void startThePlatform() {
        platform = Platform.shared();
        shop = new Shop(platform);
    }

    private record Bought(Customer customer, String purchase) {
    }

    @Test
    void a_concert_cancelled_right_after_24_payments_leaves_every_payer_refunded_in_full_and_nothing_sold() throws Exception {
        String concert = shop.concert(30, 2_500);
        List<Bought> buyers = confirmedCarts(24, concert);

        // every payment at once; the organizer cancels as soon as the last one answered
        List<Response> answers = inParallel(buyers, bought -> shop.payWhenReady(bought.customer(), bought.purchase(),
                "pm_card_visa"));
        // (a hold that expired before its customer paid, on a slow machine, is refused, and nothing is taken)
        assertThat(answers).extracting(answer -> answer.statusCode() == 201 ? "201"
                        : answer.statusCode() + " " + answer.jsonPath().getString("detail"))
                .allSatisfy(answer -> assertThat(answer).matches("201|409 .*can no longer complete.*"));
        assertThat(answers).filteredOn(answer -> answer.statusCode() == 201).hasSizeGreaterThanOrEqualTo(20);
        shop.cancelConcert(concert);

        List<String> purchases = buyers.stream().map(Bought::purchase).toList();
        assertBooksBalance(purchases, List.of(), concert);
        int refunded = 0;
        for (Bought bought : buyers) {
            List<Map<String, Object>> payments = shop.paymentsOf(bought.customer(), bought.purchase());
            Map<String, Object> payment = payments.isEmpty() ? Map.of() : payments.getFirst();
            if ("CONFIRMED".equals(payment.get("status"))) {
                refunded++;
                assertThat(payment).as("payer %s", bought.purchase()).containsEntry("refundedMinor", 2_500);
                JsonPath invoice = shop.awaitInvoice(bought.customer(), bought.purchase(), "PAID", 1);
                assertThat(invoice.getLong("creditedMinor")).isEqualTo(2_500);
            }
            assertThat(shop.ticketsOf(bought.customer(), bought.purchase()))
                    .as("no ticket admits to a cancelled concert").allSatisfy(t -> assertThat(t).containsEntry("status", "REVOKED"));
        }
        System.out.printf("[money] concert cancelled after 24 payments: %d refunded in full, %d never charged%n", refunded,
                buyers.size() - refunded);
    }

    @Test
    void holds_cancelled_by_their_customers_while_the_payments_settle_are_sold_or_refunded_never_both_lost() throws Exception {
        String concert = shop.concert(30, 1_800);
        List<Bought> buyers = confirmedCarts(12, concert);

        // a charge that times out settles a few seconds later; the customer cancels the hold meanwhile
        List<Response> answers = inParallel(buyers, bought -> shop.payWhenReady(bought.customer(), bought.purchase(),
                "pm_card_timeout"));
        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(201));
        List<Integer> cancellations = inParallel(buyers, bought -> cancelHold(bought));
        assertThat(cancellations).allSatisfy(status -> assertThat(status).as("cancelled, or refused: sold").isIn(200, 409));

        List<String> purchases = buyers.stream().map(Bought::purchase).toList();
        assertBooksBalance(purchases, List.of(concert), null);
        assertEachPayerKeepsTicketsOrIsRefunded(buyers, 1_800);
    }

    @Test
    void holds_expiring_while_the_payments_settle_are_sold_or_refunded_never_both_lost() throws Exception {
        String concert = shop.concert(30, 1_200);
        List<Bought> buyers = confirmedCarts(12, concert);
        // pay just before the holds expire (the timer and the payment race for each hold)
        Instant expiresAt = Instant.parse((String) shop.reservationsOf(buyers.getFirst().customer(),
                buyers.getFirst().purchase()).getFirst().get("expiresAt"));
        await().atMost(Platform.HOLD).pollInterval(Duration.ofMillis(20))
                .until(() -> !Instant.now().isBefore(expiresAt.minusMillis(400)));
        List<Response> answers = inParallel(buyers, bought -> shop.pay(bought.customer(), bought.purchase(), "pm_card_visa",
                "near-expiry-" + UUID.randomUUID()));
        assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).as(answer.asString()).isIn(201, 409));

        List<String> purchases = buyers.stream().map(Bought::purchase).toList();
        assertBooksBalance(purchases, List.of(concert), null);
        assertEachPayerKeepsTicketsOrIsRefunded(buyers, 1_200);
    }

    /** Reconciliation across the services' databases, then finance's audit of each purchase. */
    private static void assertBooksBalance(List<String> purchases, List<String> concerts, String cancelledConcert) {
        Reconciliation books = new Reconciliation(platform.devstack.postgres(), shop);
        try {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> books.check(purchases, concerts, cancelledConcert, false));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below with every problem
        }
        books.check(purchases, concerts, cancelledConcert, true);
        assertThat(books.problems).as("what does not balance across the services").isEmpty();
        Map<String, List<String>> audited = shop.awaitAudited(purchases);
        assertThat(audited).as("finance's audit of each purchase").allSatisfy((purchase, problems) ->
                assertThat(problems).as("purchase " + purchase).isEmpty());
        System.out.printf("[money] %s%n", books.counts);
    }

    private static void assertEachPayerKeepsTicketsOrIsRefunded(List<Bought> buyers, long price) {
        for (Bought bought : buyers) {
            List<Map<String, Object>> payments = shop.paymentsOf(bought.customer(), bought.purchase());
            if (payments.isEmpty() || !"CONFIRMED".equals(payments.getFirst().get("status"))) {
                continue; // nothing was taken
            }
            long refunded = ((Number) payments.getFirst().get("refundedMinor")).longValue();
            List<Map<String, Object>> tickets = shop.ticketsOf(bought.customer(), bought.purchase());
            long valid = tickets.stream().filter(t -> !"REVOKED".equals(t.get("status"))).count();
            assertThat(refunded == 0 && valid == 1 || refunded == price && valid == 0)
                    .as("purchase %s: refunded %d, valid tickets %d", bought.purchase(), refunded, valid).isTrue();
        }
    }

    /** {@code count} customers registered first (the slow part), then their carts confirmed together, then ordered. */
    private static List<Bought> confirmedCarts(int count, String concert) throws Exception {
        List<Customer> customers = inParallel(java.util.Collections.nCopies(count, concert), c -> shop.newCustomer());
        List<String> carts = inParallel(customers, customer -> shop.filledCart(1, concert));
        List<Bought> buyers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            buyers.add(new Bought(customers.get(i), carts.get(i)));
        }
        inParallel(buyers, bought -> {
            shop.confirm(bought.customer(), bought.purchase());
            return bought;
        });
        for (Bought bought : buyers) {
            shop.awaitOrdered(bought.customer(), bought.purchase(), 1);
        }
        return buyers;
    }

    private static int cancelHold(Bought bought) {
        String hold = (String) shop.reservationsOf(bought.customer(), bought.purchase()).getFirst().get("id");
        return io.restassured.RestAssured.given().baseUri(platform.gateway).auth().oauth2(bought.customer().token())
                .post("/api/reservations/" + hold + "/cancellation").statusCode();
    }

    private static <T, R> List<R> inParallel(List<T> items, java.util.function.Function<T, R> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<R>> calls = new ArrayList<>();
            for (T item : items) {
                calls.add(() -> work.apply(item));
            }
            List<R> results = new ArrayList<>();
            for (Future<R> result : pool.invokeAll(calls)) {
                results.add(result.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}

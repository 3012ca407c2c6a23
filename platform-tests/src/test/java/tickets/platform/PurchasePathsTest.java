package tickets.platform;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tickets.platform.Shop.Customer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every way a purchase can end (DESIGN.md §5), end to end: the services as processes behind the
 * gateway, the real PostgreSQL, Kafka, relay and Keycloak, and the sandbox payment provider. Each
 * test ends by checking every service: the holds and tickets left (reservations), the orders, the
 * purchase and its timeline (orders), the payment and its refunds (payments and the provider
 * itself), and the customer's slot (carts).
 */
class PurchasePathsTest {

    private static Shop shop;

    @BeforeAll
    static void startThePlatform() {
        shop = new Shop(Platform.shared());
    }

    @Test
    void happy_path_two_concerts_paid_by_card_are_sold_and_stay_sold_after_the_hold_time() {
        String first = shop.concert(20, 2500);
        String second = shop.concert(20, 4000);
        Customer customer = shop.newCustomer();
        String purchase = shop.confirmedCart(customer, 2, first, second);
        shop.awaitOrdered(customer, purchase, 2);

        Response paid = shop.payWhenReady(customer, purchase, "pm_card_visa");
        paid.then().statusCode(201);
        assertThat(paid.jsonPath().getLong("amountMinor")).as("the sum of both orders, from the server").isEqualTo(13_000);
        // PENDING only if the provider answered after the client's timeout (a loaded machine): then the
        // status query or the webhook settles it; the end state is asserted below either way
        String answered = paid.jsonPath().getString("status");
        assertThat(answered).isIn("CONFIRMED", "PENDING");

        shop.awaitPurchase(customer, purchase, "COMPLETED", "CONFIRMED");
        // "cart confirmed" comes from carts' topic, which orders may read after reservations' and payments' topics
        await().atMost(Shop.EVENTUALLY).until(() -> stepNames(shop.purchase(customer, purchase)).contains("cart confirmed"));
        JsonPath ended = shop.purchase(customer, purchase);
        // steps from different topics may interleave; those from one cause keep their order
        assertThat(stepNames(ended)).contains("cart confirmed", "payment pending", "payment confirmed")
                .containsSubsequence("held and ordered", "held and ordered", "order completed", "order completed",
                        "completed")
                .containsSubsequence("payment pending", "payment confirmed");
        assertEndedOnce(ended);
        assertThat(shop.ordersOf(customer, purchase)).hasSize(2)
                .allSatisfy(order -> assertThat(order).containsEntry("status", "COMPLETED").containsEntry("compensated", false))
                .extracting(order -> ((Number) order.get("totalMinor")).longValue()).containsExactlyInAnyOrder(5_000L, 8_000L);
        Map<String, Object> payment = single(shop.paymentsOf(customer, purchase));
        // the provider's webhook may be applied before the charge's own answer is recorded (both confirm; the second
        // changes nothing): a payment answered CONFIRMED was settled by either, never by a later status query
        assertThat(payment.get("settledBy")).isIn(answered.equals("CONFIRMED") ? List.of("charge", "webhook")
                : List.of("charge", "status query", "webhook"));
        assertThat(payment).containsEntry("status", "CONFIRMED")
                .containsEntry("refundedMinor", 0);
        assertThat(shop.providerPayments((String) payment.get("id"))).singleElement()
                .satisfies(charge -> assertThat(charge).containsEntry("status", "succeeded")
                        .containsEntry("amountMinor", 13_000).containsEntry("refundedMinor", 0));
        assertThat(shop.confirmAnother(customer, first)).as("the slot is free once the purchase ended").isEqualTo(200);
        assertInvoiced(customer, purchase, "PAID", 13_000);
        await().atMost(Shop.EVENTUALLY).until(() -> shop.ticketsOf(customer, purchase).size() == 4
                && shop.ticketsOf(customer, purchase).stream().allMatch(t -> "DELIVERED".equals(t.get("status"))));
        await().atMost(Shop.EVENTUALLY).until(() -> stepNames(shop.purchase(customer, purchase))
                .containsAll(List.of("invoice issued", "invoice paid", "ticket delivered online")));

        // a sold hold never expires: after the hold time, the tickets are still sold
        sleep(Platform.HOLD.plusSeconds(2));
        assertThat(shop.reservationsOf(customer, purchase)).hasSize(2)
                .allSatisfy(hold -> assertThat(hold).containsEntry("status", "CONFIRMED"));
        assertThat(shop.available(second)).isEqualTo(18);
        assertThat(shop.purchase(customer, purchase).getString("outcome")).isEqualTo("COMPLETED");
    }

    @Test
    void a_declined_card_fails_the_payment_cancels_the_order_and_releases_the_tickets() {
        String concert = shop.concert(10, 3000);
        Customer customer = shop.newCustomer();
        String purchase = shop.confirmedCart(customer, 3, concert);
        shop.awaitOrdered(customer, purchase, 1);

        Response paid = shop.payWhenReady(customer, purchase, "pm_card_chargeDeclinedInsufficientFunds");
        paid.then().statusCode(201);
        // PENDING only if the provider answered after the client's timeout: the end state is asserted below
        assertThat(paid.jsonPath().getString("status")).isIn("FAILED", "PENDING");

        JsonPath ended = shop.awaitPurchase(customer, purchase, "CANCELLED", "FAILED");
        assertThat(stepNames(ended)).containsSubsequence("payment pending", "payment failed", "order cancelled", "cancelled");
        assertEndedOnce(ended);
        assertThat(single(shop.ordersOf(customer, purchase))).containsEntry("status", "CANCELLED")
                .containsEntry("compensated", false);
        await().atMost(Shop.EVENTUALLY).until(() -> "CANCELLED".equals(single(shop.reservationsOf(customer, purchase))
                .get("status")));
        assertThat(shop.available(concert)).isEqualTo(10);
        Map<String, Object> payment = single(shop.paymentsOf(customer, purchase));
        assertThat(payment).containsEntry("status", "FAILED").containsEntry("failureReason", "insufficient_funds")
                .containsEntry("refundedMinor", 0);
        assertThat(shop.providerPayments((String) payment.get("id"))).singleElement()
                .satisfies(charge -> assertThat(charge).containsEntry("status", "declined"));
        // the purchase is over: paying it again is refused, and another purchase may start
        shop.pay(customer, purchase, "pm_card_visa", "another-key-" + UUID.randomUUID()).then().statusCode(409);
        assertThat(shop.confirmAnother(customer, concert)).isEqualTo(200);
        assertInvoiced(customer, purchase, "VOID", 9_000);
        assertThat(shop.ticketsOf(customer, purchase)).isEmpty();
    }

    @Test
    void a_transient_provider_error_is_retried_with_the_same_key_and_charges_once() {
        String concert = shop.concert(10, 1500);
        Customer customer = shop.newCustomer();
        String purchase = shop.confirmedCart(customer, 1, concert);
        shop.awaitOrdered(customer, purchase, 1);

        String key = "retry-" + UUID.randomUUID();
        Response[] answered = new Response[1];
        await().atMost(Shop.EVENTUALLY).until(() -> { // 409 "not ready" until payments knows the whole purchase
            answered[0] = shop.pay(customer, purchase, "pm_card_processingError", key);
            return !(answered[0].statusCode() == 409 && answered[0].asString().contains("not ready"));
        });
        Response first = answered[0];
        first.then().statusCode(201);
        String paymentId = first.jsonPath().getString("id");
        // the customer's client retries too: the same key answers the same payment
        Response again = shop.pay(customer, purchase, "pm_card_processingError", key);
        again.then().statusCode(201);
        assertThat(again.jsonPath().getString("id")).isEqualTo(paymentId);

        JsonPath ended = shop.awaitPurchase(customer, purchase, "COMPLETED", "CONFIRMED");
        assertEndedOnce(ended);
        assertThat(single(shop.paymentsOf(customer, purchase))).containsEntry("status", "CONFIRMED");
        assertThat(shop.providerPayments(paymentId)).as("the retry used the same idempotency key").singleElement()
                .satisfies(charge -> assertThat(charge).containsEntry("status", "succeeded"));
        assertThat(single(shop.ordersOf(customer, purchase))).containsEntry("status", "COMPLETED");
        assertThat(single(shop.reservationsOf(customer, purchase))).containsEntry("status", "CONFIRMED");
        assertThat(shop.available(concert)).isEqualTo(9);
        assertInvoiced(customer, purchase, "PAID", 1_500);
    }

    @Test
    void a_provider_timeout_leaves_the_payment_pending_until_the_webhook_settles_it_once() {
        String concert = shop.concert(10, 1500);
        Customer customer = shop.newCustomer();
        String purchase = shop.confirmedCart(customer, 1, concert);
        shop.awaitOrdered(customer, purchase, 1);

        Response paid = shop.payWhenReady(customer, purchase, "pm_card_timeout");
        paid.then().statusCode(201);
        assertThat(paid.jsonPath().getString("status")).isEqualTo("PENDING");
        String paymentId = paid.jsonPath().getString("id");

        shop.awaitPurchase(customer, purchase, "COMPLETED", "CONFIRMED");
        assertThat(single(shop.paymentsOf(customer, purchase))).containsEntry("status", "CONFIRMED")
                .containsEntry("settledBy", "webhook");
        // the status query that was due after the timeout finds nothing left to do
        sleep(Platform.STATUS_QUERY_AFTER.plusSeconds(2));
        assertThat(single(shop.paymentsOf(customer, purchase))).containsEntry("status", "CONFIRMED")
                .containsEntry("settledBy", "webhook").containsEntry("version", 3); // initiated, charge sent, confirmed
        assertThat(shop.providerPayments(paymentId)).singleElement()
                .satisfies(charge -> assertThat(charge).containsEntry("status", "succeeded"));
        assertThat(single(shop.reservationsOf(customer, purchase))).containsEntry("status", "CONFIRMED");
        assertThat(single(shop.ordersOf(customer, purchase))).containsEntry("status", "COMPLETED");
        assertEndedOnce(shop.purchase(customer, purchase));
        assertInvoiced(customer, purchase, "PAID", 1_500);
    }

    @Test
    void a_provider_timeout_whose_webhook_is_lost_is_settled_by_the_status_query() {
        String concert = shop.concert(10, 1500);
        Customer customer = shop.newCustomer();
        String purchase = shop.confirmedCart(customer, 1, concert);
        shop.awaitOrdered(customer, purchase, 1);

        Response paid = shop.payWhenReady(customer, purchase, "pm_card_timeoutWebhookLost");
        assertThat(paid.jsonPath().getString("status")).isEqualTo("PENDING");
        String paymentId = paid.jsonPath().getString("id");

        shop.awaitPurchase(customer, purchase, "COMPLETED", "CONFIRMED");
        assertThat(single(shop.paymentsOf(customer, purchase))).containsEntry("status", "CONFIRMED")
                .containsEntry("settledBy", "status query");
        assertThat(shop.providerPayments(paymentId)).singleElement()
                .satisfies(charge -> assertThat(charge).containsEntry("status", "succeeded"));
        assertThat(single(shop.reservationsOf(customer, purchase))).containsEntry("status", "CONFIRMED");
        assertThat(single(shop.ordersOf(customer, purchase))).containsEntry("status", "COMPLETED");
        assertEndedOnce(shop.purchase(customer, purchase));
        assertInvoiced(customer, purchase, "PAID", 1_500);
    }

    @Test
    void a_hold_that_expires_before_payment_cancels_the_purchase_and_it_can_no_longer_be_paid() {
        String concert = shop.concert(10, 1500);
        Customer customer = shop.newCustomer();
        String purchase = shop.confirmedCart(customer, 2, concert);
        shop.awaitOrdered(customer, purchase, 1);
        assertThat(shop.available(concert)).isEqualTo(8);

        JsonPath ended = shop.awaitPurchase(customer, purchase, "CANCELLED", "NONE");
        assertThat(stepNames(ended)).containsSubsequence("held and ordered", "order cancelled", "cancelled");
        assertEndedOnce(ended);
        assertThat(single(shop.reservationsOf(customer, purchase))).containsEntry("status", "EXPIRED");
        assertThat(single(shop.ordersOf(customer, purchase))).containsEntry("status", "CANCELLED")
                .containsEntry("compensated", false);
        assertThat(shop.available(concert)).isEqualTo(10);
        shop.awaitPayRefusedAsEnded(customer, purchase);
        assertThat(shop.paymentsOf(customer, purchase)).isEmpty();
        assertThat(shop.confirmAnother(customer, concert)).isEqualTo(200);
        assertNotInvoiced(customer, purchase);
    }

    @Test
    void a_payment_confirmed_after_the_hold_expired_is_refunded_and_nothing_is_sold() {
        String concert = shop.concert(10, 2200);
        Customer customer = shop.newCustomer();
        String purchase = shop.confirmedCart(customer, 1, concert);
        shop.awaitOrdered(customer, purchase, 1);
        Instant expiresAt = Instant.parse((String) single(shop.reservationsOf(customer, purchase)).get("expiresAt"));

        // paid just before the hold ends; the provider answers too late and its webhook is lost:
        // only the status query, after the hold has expired, learns the payment succeeded
        sleep(Duration.between(Instant.now(), expiresAt.minusMillis(1500)));
        Response paid = shop.payWhenReady(customer, purchase, "pm_card_timeoutWebhookLost");
        paid.then().statusCode(201);
        assertThat(paid.jsonPath().getString("status")).isEqualTo("PENDING");
        String paymentId = paid.jsonPath().getString("id");

        JsonPath ended = shop.awaitPurchase(customer, purchase, "CANCELLED", "REFUNDED");
        assertThat(stepNames(ended)).containsSubsequence("order cancelled", "cancelled", "payment confirmed",
                "order compensated", "refunded").contains("payment pending");
        assertEndedOnce(ended);
        assertThat(single(shop.reservationsOf(customer, purchase))).containsEntry("status", "EXPIRED");
        assertThat(shop.available(concert)).isEqualTo(10);
        assertThat(single(shop.ordersOf(customer, purchase))).containsEntry("status", "CANCELLED")
                .containsEntry("compensated", true);
        assertThat(single(shop.paymentsOf(customer, purchase))).containsEntry("status", "CONFIRMED")
                .containsEntry("refundedMinor", 2200);
        assertThat(shop.providerPayments(paymentId)).singleElement().satisfies(charge -> {
            assertThat(charge).containsEntry("status", "succeeded").containsEntry("refundedMinor", 2200);
            assertThat((List<?>) charge.get("refunds")).as("refunded exactly once").hasSize(1);
        });
        assertInvoiced(customer, purchase, "PAID", 2_200, 2_200);
        assertThat(shop.ticketsOf(customer, purchase)).as("nothing was sold, no ticket made").isEmpty();
    }

    @Test
    void a_customer_who_cancels_before_paying_ends_the_purchase_and_gets_the_tickets_released() {
        String concert = shop.concert(10, 1500);
        Customer customer = shop.newCustomer();
        String purchase = shop.confirmedCart(customer, 4, concert);
        shop.awaitOrdered(customer, purchase, 1);
        String hold = (String) single(shop.reservationsOf(customer, purchase)).get("id");

        given().baseUri(Platform.shared().gateway).auth().oauth2(customer.token())
                .post("/api/reservations/" + hold + "/cancellation").then().statusCode(200);

        JsonPath ended = shop.awaitPurchase(customer, purchase, "CANCELLED", "NONE");
        assertEndedOnce(ended);
        assertThat(single(shop.ordersOf(customer, purchase))).containsEntry("status", "CANCELLED")
                .containsEntry("compensated", false);
        assertThat(single(shop.reservationsOf(customer, purchase))).containsEntry("status", "CANCELLED");
        assertThat(shop.available(concert)).isEqualTo(10);
        shop.awaitPayRefusedAsEnded(customer, purchase);
        assertThat(shop.paymentsOf(customer, purchase)).isEmpty();
        assertThat(shop.confirmAnother(customer, concert)).isEqualTo(200);
        assertNotInvoiced(customer, purchase);
    }

    @Test
    void a_concert_cancelled_before_the_sale_releases_the_hold_and_cancels_the_purchase() {
        String concert = shop.concert(10, 1500);
        Customer customer = shop.newCustomer();
        String purchase = shop.confirmedCart(customer, 2, concert);
        shop.awaitOrdered(customer, purchase, 1);

        shop.cancelConcert(concert);

        JsonPath ended = shop.awaitPurchase(customer, purchase, "CANCELLED", "NONE");
        assertEndedOnce(ended);
        assertThat(single(shop.reservationsOf(customer, purchase))).containsEntry("status", "CANCELLED");
        assertThat(single(shop.ordersOf(customer, purchase))).containsEntry("status", "CANCELLED")
                .containsEntry("compensated", false);
        shop.awaitPayRefusedAsEnded(customer, purchase);
        assertThat(shop.paymentsOf(customer, purchase)).isEmpty();
        assertNotInvoiced(customer, purchase);
    }

    @Test
    void a_concert_cancelled_after_the_sale_compensates_the_order_and_refunds_the_payment_once() {
        String concert = shop.concert(10, 3500);
        Customer customer = shop.newCustomer();
        String purchase = shop.confirmedCart(customer, 2, concert);
        shop.awaitOrdered(customer, purchase, 1);
        String paymentId = shop.payWhenReady(customer, purchase, "pm_card_mastercard").then().statusCode(201)
                .extract().path("id");
        shop.awaitPurchase(customer, purchase, "COMPLETED", "CONFIRMED");

        shop.cancelConcert(concert);

        // the purchase ended once (completed); the compensation and the refund follow it on its timeline
        JsonPath after = shop.awaitPurchase(customer, purchase, "COMPLETED", "REFUNDED");
        assertThat(stepNames(after)).containsSubsequence("order completed", "completed", "order compensated", "refunded");
        assertEndedOnce(after);
        assertThat(single(shop.ordersOf(customer, purchase))).containsEntry("status", "CANCELLED")
                .containsEntry("compensated", true);
        assertThat(single(shop.paymentsOf(customer, purchase))).containsEntry("status", "CONFIRMED")
                .containsEntry("refundedMinor", 7000);
        assertThat(single(shop.reservationsOf(customer, purchase))).as("sold tickets are not put back on sale")
                .containsEntry("status", "CONFIRMED");
        assertThat(shop.providerPayments(paymentId)).singleElement().satisfies(charge -> {
            assertThat(charge).containsEntry("refundedMinor", 7000);
            assertThat((List<?>) charge.get("refunds")).hasSize(1);
        });
        assertInvoiced(customer, purchase, "PAID", 7_000, 7_000);
        await().atMost(Shop.EVENTUALLY).until(() -> shop.ticketsOf(customer, purchase).size() == 2
                && shop.ticketsOf(customer, purchase).stream().allMatch(t -> "REVOKED".equals(t.get("status"))));
    }

    @Test
    void two_payments_at_once_for_one_purchase_make_one_payment_and_one_charge() throws Exception {
        String concert = shop.concert(10, 1500);
        Customer customer = shop.newCustomer();
        String purchase = shop.confirmedCart(customer, 1, concert);
        shop.awaitOrdered(customer, purchase, 1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<Response> answers;
            do { // until payments knows the whole purchase: a burst that only heard "not ready" changed nothing
                String sameKey = "same-" + UUID.randomUUID();
                answers = new java.util.ArrayList<>();
                for (var answer : pool.invokeAll(List.<java.util.concurrent.Callable<Response>>of(
                        () -> shop.pay(customer, purchase, "pm_card_visa", sameKey),
                        () -> shop.pay(customer, purchase, "pm_card_visa", sameKey),
                        () -> shop.pay(customer, purchase, "pm_card_visa", "other-" + UUID.randomUUID()),
                        () -> shop.pay(customer, purchase, "pm_card_visa", "other-" + UUID.randomUUID())))) {
                    answers.add(answer.get());
                }
            } while (answers.stream().allMatch(a -> a.statusCode() == 409 && a.asString().contains("not ready")));
            List<Integer> statuses = answers.stream().map(Response::statusCode).toList();
            java.util.Set<String> paymentIds = new java.util.HashSet<>();
            for (Response answer : answers) {
                if (answer.statusCode() == 201) {
                    paymentIds.add(answer.jsonPath().getString("id"));
                }
            }
            assertThat(statuses).contains(201).containsOnly(201, 409);
            assertThat(paymentIds).hasSize(1);
            shop.awaitPurchase(customer, purchase, "COMPLETED", "CONFIRMED");
            assertThat(shop.providerPayments(paymentIds.iterator().next())).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(shop.paymentsOf(customer, purchase)).hasSize(1);
        assertInvoiced(customer, purchase, "PAID", 1_500); // one payment, one invoice, one number
    }

    @Test
    void no_log_line_of_any_service_holds_a_card_number_or_a_provider_secret() throws Exception {
        String concert = shop.concert(10, 1500);
        Customer customer = shop.newCustomer();
        String purchase = shop.confirmedCart(customer, 1, concert);
        shop.awaitOrdered(customer, purchase, 1);
        // a client that sends card data instead of a token is refused, and the number is not logged
        given().baseUri(Platform.shared().gateway).auth().oauth2(customer.token()).contentType("application/json")
                .header("Idempotency-Key", "card-" + UUID.randomUUID())
                .body("{\"purchaseId\":\"" + purchase + "\",\"paymentMethod\":\"4000056655665556\",\"cvc\":\"737\"}")
                .post("/api/payments").then().statusCode(400);
        shop.payWhenReady(customer, purchase, "pm_card_visa").then().statusCode(201);
        shop.awaitPurchase(customer, purchase, "COMPLETED", "CONFIRMED");

        List<java.nio.file.Path> logs;
        try (var files = java.nio.file.Files.list(Platform.shared().devstack.logDir())) {
            logs = files.filter(f -> f.getFileName().toString().endsWith(".log")).toList();
        }
        assertThat(logs).extracting(f -> f.getFileName().toString()).contains("payments-service.log");
        for (java.nio.file.Path log : logs) {
            String text = java.nio.file.Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(text).as(log.getFileName().toString()).doesNotContain(
                    tickets.devstack.PaymentProviderServer.API_KEY, tickets.devstack.PaymentProviderServer.WEBHOOK_SECRET,
                    "4000056655665556");
        }
    }

    private static List<String> stepNames(JsonPath purchase) {
        return purchase.getList("steps.name");
    }

    /**
     * Finance's side of a purchase that was paid: its invoice is {@code status} for exactly the
     * amount, with one credit note per refund; the customer's record counts the payment once.
     */
    private static void assertInvoiced(Customer customer, String purchase, String status, long totalMinor,
                                       long... creditNotes) {
        JsonPath invoice = shop.awaitInvoice(customer, purchase, status, creditNotes.length);
        assertThat(invoice.getString("number")).matches("INV-\\d{4}-\\d{6}");
        assertThat(invoice.getLong("totalMinor")).isEqualTo(totalMinor);
        assertThat(invoice.getList("lines.lineTotalMinor", Long.class).stream().mapToLong(Long::longValue).sum())
                .isEqualTo(totalMinor);
        assertThat(invoice.getLong("paidMinor")).isEqualTo(status.equals("PAID") ? totalMinor : 0);
        long credited = java.util.Arrays.stream(creditNotes).sum();
        assertThat(invoice.getList("creditNotes.amountMinor", Long.class)).containsExactlyInAnyOrderElementsOf(
                java.util.Arrays.stream(creditNotes).boxed().toList());
        assertThat(invoice.getList("creditNotes.number", String.class)).allSatisfy(n -> assertThat(n).matches("CN-\\d{4}-\\d{6}"));
        JsonPath record = shop.awaitFinancialInfo(customer, r -> r.getList("currencies").size() == 1
                && r.getInt("currencies[0].ongoingCount") == 0 && r.getLong("currencies[0].refundedMinor") == credited);
        assertThat(record.getInt("currencies[0].completedCount")).isEqualTo(status.equals("PAID") ? 1 : 0);
        assertThat(record.getLong("currencies[0].completedMinor")).isEqualTo(status.equals("PAID") ? totalMinor : 0);
        assertThat(record.getInt("currencies[0].failedCount")).isEqualTo(status.equals("VOID") ? 1 : 0);
        assertThat(record.getInt("currencies[0].refundedCount")).isEqualTo(creditNotes.length);
    }

    /** A purchase never paid: no invoice, nothing on the customer's record. */
    private static void assertNotInvoiced(Customer customer, String purchase) {
        assertThat(shop.invoiceStatusCode(customer, purchase)).isEqualTo(404);
        assertThat(shop.awaitFinancialInfo(customer, r -> true).getList("currencies")).isEmpty();
    }

    /** A purchase ends exactly once: one terminal step on its timeline. */
    private static void assertEndedOnce(JsonPath purchase) {
        assertThat(stepNames(purchase)).filteredOn(step -> List.of("completed", "cancelled", "rejected").contains(step))
                .hasSize(1);
    }

    private static Map<String, Object> single(List<Map<String, Object>> items) {
        assertThat(items).hasSize(1);
        return items.getFirst();
    }

    private static void sleep(Duration duration) {
        if (duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

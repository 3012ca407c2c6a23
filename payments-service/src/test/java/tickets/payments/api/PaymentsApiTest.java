package tickets.payments.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.contracts.EventHeaders;
import tickets.contracts.Topics;
import tickets.devstack.Devstack;
import tickets.devstack.PaymentProviderServer;
import tickets.testkit.AuthorizationMatrix;
import tickets.testkit.InjectDevstack;
import tickets.testkit.TestDatabase;
import tickets.testkit.TestEvents;
import tickets.testkit.TestTokens;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Payments against the real PostgreSQL, Kafka and relay and the sandbox provider as its own
 * process: the amount from orders.events, idempotent requests, one charge per purchase, the
 * provider's signed webhooks, refunds, and who may do what.
 */
@QuarkusTest
class PaymentsApiTest {

    @InjectDevstack
    Devstack devstack;
    private TestEvents kafka;

    @BeforeEach
    void connect() {
        kafka = new TestEvents(devstack);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void a_customer_pays_the_sum_of_the_purchases_orders_and_payments_publishes_lines_and_confirmation() {
        UUID user = UUID.randomUUID();
        UUID purchase = orderedPurchase(user, 2, 1_500, 2_500);

        Response paid = pay(user, purchase, "pm_card_visa", "key-" + UUID.randomUUID());
        paid.then().statusCode(201).header("Location", containsString("/api/payments/"))
                .body("status", equalTo("CONFIRMED")).body("amountMinor", equalTo(4_000))
                .body("settledBy", equalTo("charge"));

        List<ConsumerRecord<String, String>> published = kafka.consume(Topics.PAYMENTS,
                TestEvents.correlatedWith(purchase), 2, Duration.ofSeconds(30));
        assertThat(published).extracting(r -> TestEvents.header(r, EventHeaders.TYPE))
                .containsExactly("PaymentInitiated", "PaymentConfirmed");
        assertThat(published.get(0).value()).contains("\"amountMinor\": 4000").contains("\"ticketLevel\": \"Regular\"")
                .doesNotContain("pm_card_visa");
        assertThat(providerPayments(paid.path("id"))).singleElement()
                .satisfies(charge -> assertThat(charge).containsEntry("amountMinor", 4_000));
        String payment = paid.path("id");
        given().auth().oauth2(TestTokens.forUser(user.toString(), "customer")).get("/api/payments/" + payment).then()
                .statusCode(200).body("status", equalTo("CONFIRMED")).header("ETag", equalTo("W/\"3\""));
        assertThat(query("select event_type from events where stream_id = ? order by stream_version", UUID.fromString(payment)))
                .as("the charge's attempt is recorded before it goes out").containsExactly("PaymentInitiated", "ChargeSent",
                        "PaymentConfirmed");
    }

    @Test
    void the_same_request_with_the_same_key_answers_the_same_payment_another_request_is_refused() {
        UUID user = UUID.randomUUID();
        UUID purchase = orderedPurchase(user, 1, 1_000);
        String key = "key-" + UUID.randomUUID();
        String id = pay(user, purchase, "pm_card_visa", key).then().statusCode(201).extract().path("id");

        pay(user, purchase, "pm_card_visa", key).then().statusCode(201).body("id", equalTo(id));
        pay(user, purchase, "pm_card_mastercard", key).then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString("Idempotency-Key"));
        pay(user, purchase, "pm_card_visa", "key-" + UUID.randomUUID()).then().statusCode(409)
                .body("detail", containsString("already"));
        assertThat(query("select event_type from events where stream_id = ? order by stream_version", UUID.fromString(id)))
                .containsExactly("PaymentInitiated", "ChargeSent", "PaymentConfirmed");
        assertThat(providerPayments(id)).hasSize(1);
    }

    @Test
    void concurrent_payments_for_one_purchase_with_the_same_or_different_keys_make_one_payment_and_one_charge()
            throws Exception {
        UUID user = UUID.randomUUID();
        UUID purchase = orderedPurchase(user, 1, 1_000);
        String sameKey = "same-" + UUID.randomUUID();
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(() -> pay(user, purchase, "pm_card_visa", sameKey));
            calls.add(() -> pay(user, purchase, "pm_card_visa", "other-" + UUID.randomUUID()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        List<Response> answers = new ArrayList<>();
        try {
            for (Future<Response> answer : pool.invokeAll(calls)) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(answers).extracting(Response::statusCode).contains(201).containsOnly(201, 409);
        Set<String> ids = new java.util.HashSet<>();
        answers.stream().filter(a -> a.statusCode() == 201).forEach(a -> ids.add(a.path("id")));
        assertThat(ids).hasSize(1);
        assertThat(count("select count(*) from payment_view where purchase_id = ?", purchase)).isEqualTo(1);
        String id = ids.iterator().next();
        // the charge may still be running (a request that lost the race answers PENDING at once)
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(status(id)));
        assertThat(providerPayments(id)).hasSize(1);
    }

    @Test
    void a_request_for_a_purchase_that_is_not_ready_not_yours_or_malformed_is_refused_and_nothing_is_stored() {
        UUID user = UUID.randomUUID();
        String token = TestTokens.forUser(user.toString(), "customer");
        UUID unknown = UUID.randomUUID();
        pay(user, unknown, "pm_card_visa", "key-12345678").then().statusCode(409).body("detail", containsString("not ready"));

        // two orders expected, one arrived: not ready either
        UUID halfOrdered = UUID.randomUUID();
        publishOrder(halfOrdered, user, 2, 1_000);
        pay(user, halfOrdered, "pm_card_visa", "key-12345678").then().statusCode(409);

        UUID someoneElses = orderedPurchase(UUID.randomUUID(), 1, 1_000);
        pay(user, someoneElses, "pm_card_visa", "key-abcdefgh").then().statusCode(403)
                .contentType("application/problem+json");

        UUID mine = orderedPurchase(user, 1, 1_000);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"purchaseId\":\"" + mine + "\",\"paymentMethod\":\"pm_card_visa\"}").post("/api/payments")
                .then().statusCode(400).body("detail", containsString("Idempotency-Key"));
        for (String body : List.of(
                "{\"purchaseId\":\"" + mine + "\",\"paymentMethod\":\"4242424242424242\"}",
                "{\"purchaseId\":\"" + mine + "\",\"paymentMethod\":\"pm_card_visa\",\"cvc\":\"123\"}",
                "{\"purchaseId\":\"" + mine + "\",\"paymentMethod\":\"pm_card\\u0000visa\"}",
                "{\"purchaseId\":\"" + mine + "\",\"paymentMethod\":12}",
                "{\"purchaseId\":\"not-a-uuid\",\"paymentMethod\":\"pm_card_visa\"}",
                "{\"purchaseId\":\"" + mine + "\",\"paymentMethod\":\"pm_card_visa\",\"amountMinor\":1}",
                "[]", "")) {
            given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", "key-" + UUID.randomUUID())
                    .body(body).post("/api/payments").then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", "short")
                .body("{\"purchaseId\":\"" + mine + "\",\"paymentMethod\":\"pm_card_visa\"}").post("/api/payments")
                .then().statusCode(400);
        assertThat(count("select count(*) from payment_view where purchase_id in (?, ?, ?)", unknown, halfOrdered, mine))
                .isZero();
    }

    @Test
    void a_declined_card_fails_the_payment_with_the_providers_reason_and_a_transient_error_is_retried_once_more() {
        UUID user = UUID.randomUUID();
        UUID declined = orderedPurchase(user, 1, 1_000);
        pay(user, declined, "pm_card_chargeDeclined", "key-" + UUID.randomUUID()).then().statusCode(201)
                .body("status", equalTo("FAILED")).body("failureReason", equalTo("card_declined"));

        UUID other = UUID.randomUUID();
        UUID flaky = orderedPurchase(other, 1, 1_000);
        String id = pay(other, flaky, "pm_card_processingError", "key-" + UUID.randomUUID()).then().statusCode(201)
                .body("status", equalTo("PENDING")).extract().path("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(status(id)));
        assertThat(providerPayments(id)).singleElement()
                .satisfies(charge -> assertThat(charge).containsEntry("status", "succeeded"));
    }

    @Test
    void a_timed_out_charge_stays_pending_until_the_providers_webhook_or_status_query_settles_it_once() {
        UUID user = UUID.randomUUID();
        UUID purchase = orderedPurchase(user, 1, 1_000);
        String byWebhook = pay(user, purchase, "pm_card_timeout", "key-" + UUID.randomUUID()).then().statusCode(201)
                .body("status", equalTo("PENDING")).extract().path("id");
        UUID other = UUID.randomUUID();
        UUID lost = orderedPurchase(other, 1, 1_000);
        String byQuery = pay(other, lost, "pm_card_timeoutWebhookLost", "key-" + UUID.randomUUID()).then()
                .statusCode(201).body("status", equalTo("PENDING")).extract().path("id");

        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(status(byWebhook))
                && "CONFIRMED".equals(status(byQuery)));
        assertThat(query("select settled_by from payment_view where id = ?", UUID.fromString(byWebhook)))
                .containsExactly("webhook");
        assertThat(query("select settled_by from payment_view where id = ?", UUID.fromString(byQuery)))
                .containsExactly("status query");
        assertThat(providerPayments(byWebhook)).hasSize(1);
        assertThat(providerPayments(byQuery)).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from due_work where stream_id in (?, ?)", UUID.fromString(byWebhook),
                UUID.fromString(byQuery)) == 0);
    }

    @Test
    void forged_stale_or_unknown_webhooks_are_refused_and_a_redelivered_one_changes_nothing() {
        UUID user = UUID.randomUUID();
        UUID purchase = orderedPurchase(user, 1, 1_000);
        String pending = pay(user, purchase, "pm_card_timeoutWebhookLost", "key-" + UUID.randomUUID()).then()
                .statusCode(201).extract().path("id");
        long now = Instant.now().getEpochSecond();
        String succeeded = webhookBody("evt_" + UUID.randomUUID(), pending);

        webhook(succeeded, "t=" + now + ",v1=" + sign(now + "." + succeeded, "whsec_someone_else")).then().statusCode(401)
                .contentType("application/problem+json");
        webhook(succeeded, "t=" + now + ",v1=" + sign(now + "." + succeeded + " ", PaymentProviderServer.WEBHOOK_SECRET))
                .then().statusCode(401);
        webhook(succeeded, null).then().statusCode(401);
        webhook(succeeded, "v1=" + sign(now + "." + succeeded, PaymentProviderServer.WEBHOOK_SECRET)).then().statusCode(401);
        long stale = now - 3600;
        webhook(succeeded, "t=" + stale + ",v1=" + sign(stale + "." + succeeded, PaymentProviderServer.WEBHOOK_SECRET))
                .then().statusCode(400).body("detail", containsString("replay"));
        String unknown = webhookBody("evt_" + UUID.randomUUID(), UUID.randomUUID().toString());
        webhook(unknown, signed(unknown)).then().statusCode(404);
        assertThat(status(pending)).isEqualTo("PENDING");
        assertThat(count("select count(*) from events where stream_id = ? and event_type like 'Payment%'",
                UUID.fromString(pending))).as("only its initiation").isEqualTo(1);

        // the genuine webhook settles it; delivered again, it is a no-op
        webhook(succeeded, signed(succeeded)).then().statusCode(204);
        webhook(succeeded, signed(succeeded)).then().statusCode(204);
        assertThat(status(pending)).isEqualTo("CONFIRMED");
        assertThat(count("select count(*) from events where stream_id = ? and event_type = 'PaymentConfirmed'",
                UUID.fromString(pending))).isEqualTo(1);
    }

    @Test
    void a_compensated_order_is_refunded_at_the_provider_once_even_when_told_twice() {
        UUID user = UUID.randomUUID();
        UUID purchase = UUID.randomUUID();
        UUID first = publishOrder(purchase, user, 2, 1_500);
        publishOrder(purchase, user, 2, 2_500);
        await().atMost(Duration.ofSeconds(30)).until(() -> pay(user, purchase, "pm_card_visa", "refund-key-1")
                .statusCode() == 201);
        String payment = query("select id from payment_view where purchase_id = ?", purchase).get(0);

        String compensated = """
                {"orderId":"%s","purchaseId":"%s","reservationId":"%s","userId":"%s","concertId":"%s","totalMinor":1500,
                 "currency":"EUR","reason":"the concert was cancelled","compensated":true}"""
                .formatted(first, purchase, UUID.randomUUID(), user, UUID.randomUUID());
        kafka.sendInSaga(Topics.ORDERS, purchase, "OrderCancelled", compensated);
        UUID again = kafka.sendInSaga(Topics.ORDERS, purchase, "OrderCancelled", compensated);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(again)
                && count("select refunded_minor from payment_view where purchase_id = ?", purchase) == 1_500);

        assertThat(providerPayments(payment)).singleElement().satisfies(charge -> {
            assertThat(charge).containsEntry("refundedMinor", 1_500);
            assertThat((List<?>) charge.get("refunds")).hasSize(1);
        });
        List<ConsumerRecord<String, String>> refunds = kafka.consume(Topics.PAYMENTS, TestEvents.correlatedWith(purchase),
                3, Duration.ofSeconds(30));
        assertThat(refunds).extracting(r -> TestEvents.header(r, EventHeaders.TYPE))
                .containsExactly("PaymentInitiated", "PaymentConfirmed", "PaymentRefunded");
    }

    @Test
    void each_endpoint_answers_anonymous_customer_other_customer_and_admin_as_specified() {
        UUID user = UUID.randomUUID();
        String customer = TestTokens.forUser(user.toString(), "customer");
        UUID purchase = orderedPurchase(user, 1, 1_000);
        String payment = pay(user, purchase, "pm_card_visa", "key-" + UUID.randomUUID()).then().statusCode(201)
                .extract().path("id");
        UUID another = orderedPurchase(user, 1, 1_000);

        AuthorizationMatrix.forCallers(customer, TestTokens.customer(), TestTokens.admin())
                .row("GET /api/payments", r -> r.get("/api/payments"), 401, 200, 200, 200)
                .row("GET /api/payments/{id}", r -> r.get("/api/payments/" + payment), 401, 200, 403, 200)
                .row("GET /api/payments/{unknown}", r -> r.get("/api/payments/" + UUID.randomUUID()), 401, 404, 404, 404)
                // the owner's attempt comes last in its row: it is the one that starts the payment
                .row("POST /api/payments", r -> r.header("Idempotency-Key", "matrix-key-1")
                        .body("{\"purchaseId\":\"" + another + "\",\"paymentMethod\":\"pm_card_visa\"}")
                        .post("/api/payments"), 401, 201, 403, 403)
                .row("POST /api/payments/webhooks/provider (unsigned)", r -> r.body("{}")
                        .post("/api/payments/webhooks/provider"), 401, 401, 401, 401)
                .verify();
        given().auth().oauth2(customer).get("/api/payments").then().statusCode(200)
                .body("findAll { it.purchaseId == '" + purchase + "' }.size()", equalTo(1));
        given().auth().oauth2(TestTokens.customer()).get("/api/payments").then().statusCode(200)
                .body("findAll { it.userId == '" + user + "' }.size()", equalTo(0));
    }

    @Test
    void no_table_event_or_log_line_holds_a_card_number_or_a_secret() {
        UUID user = UUID.randomUUID();
        UUID purchase = orderedPurchase(user, 1, 1_000);
        pay(user, purchase, "pm_card_visa", "key-" + UUID.randomUUID()).then().statusCode(201);
        given().auth().oauth2(TestTokens.forUser(user.toString(), "customer")).contentType(ContentType.JSON)
                .header("Idempotency-Key", "key-" + UUID.randomUUID())
                .body("{\"purchaseId\":\"" + purchase + "\",\"paymentMethod\":\"4242424242424242\"}")
                .post("/api/payments").then().statusCode(400);

        List<String> tables = query("select table_name from information_schema.tables where table_schema = 'public'");
        StringBuilder everything = new StringBuilder();
        for (String table : tables) {
            query("select t::text from \"" + table + "\" t").forEach(everything::append);
        }
        assertThat(everything.toString()).contains(purchase.toString())
                .doesNotContain(PaymentProviderServer.API_KEY, PaymentProviderServer.WEBHOOK_SECRET, "4242424242424242");
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** A purchase whose orders (one per given total, in EUR) payments has heard of. */
    private UUID orderedPurchase(UUID user, int orders, long... totals) {
        UUID purchase = UUID.randomUUID();
        UUID last = null;
        for (long total : totals) {
            last = publishOrder(purchase, user, orders, total);
        }
        UUID lastOrder = last;
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from payable_purchase where purchase_id = ? and orders @> cast(? as jsonb)", purchase,
                "[{\"orderId\":\"" + lastOrder + "\"}]") == 1);
        return purchase;
    }

    /** Publishes an OrderCreated of one Regular ticket line worth {@code total}; returns the order id. */
    private UUID publishOrder(UUID purchase, UUID user, int ordersInPurchase, long total) {
        UUID order = UUID.randomUUID();
        kafka.sendInSaga(Topics.ORDERS, purchase, "OrderCreated", """
                {"orderId":"%s","purchaseId":"%s","reservationId":"%s","userId":"%s","concertId":"%s",
                 "lines":[{"ticketLevel":"Regular","quantity":1,"unitPriceMinor":%d}],"totalMinor":%d,"currency":"EUR",
                 "ordersInPurchase":%d}""".formatted(order, purchase, UUID.randomUUID(), user, UUID.randomUUID(), total,
                total, ordersInPurchase));
        return order;
    }

    private static Response pay(UUID user, UUID purchase, String paymentMethod, String key) {
        return given().auth().oauth2(TestTokens.forUser(user.toString(), "customer")).contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body("{\"purchaseId\":\"" + purchase + "\",\"paymentMethod\":\"" + paymentMethod + "\"}")
                .post("/api/payments");
    }

    private String status(String paymentId) {
        List<String> status = query("select status from payment_view where id = ?", UUID.fromString(paymentId));
        return status.isEmpty() ? null : status.get(0);
    }

    private List<Map<String, Object>> providerPayments(String paymentId) {
        return given().baseUri(devstack.paymentProvider().baseUrl()).port(-1).auth().oauth2(PaymentProviderServer.API_KEY)
                .queryParam("reference", paymentId).get("/v1/payments").then().statusCode(200).extract().jsonPath()
                .getList("data");
    }

    private static String webhookBody(String eventId, String reference) {
        return """
                {"id":"%s","type":"payment.succeeded","created":%d,"data":{"object":{"id":"py_forged","reference":"%s",
                 "amountMinor":1000,"currency":"EUR","status":"succeeded"}}}"""
                .formatted(eventId, Instant.now().getEpochSecond(), reference);
    }

    private static String signed(String body) {
        long now = Instant.now().getEpochSecond();
        return "t=" + now + ",v1=" + sign(now + "." + body, PaymentProviderServer.WEBHOOK_SECRET);
    }

    private static String sign(String payload, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response webhook(String body, String signature) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (signature != null) {
            request = request.header("Provider-Signature", signature);
        }
        return request.post("/api/payments/webhooks/provider");
    }

    private boolean processed(UUID messageId) {
        return count("select count(*) from processed_messages where message_id = ?", messageId) > 0;
    }

    private long count(String sql, Object... params) {
        return Long.parseLong(query(sql, params).get(0));
    }

    private List<String> query(String sql, Object... params) {
        return new TestDatabase(devstack, "payments").column(sql, params);
    }
}

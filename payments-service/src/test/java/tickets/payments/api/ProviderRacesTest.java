package tickets.payments.api;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.contracts.EventHeaders;
import tickets.contracts.Money;
import tickets.contracts.Topics;
import tickets.devstack.Devstack;
import tickets.devstack.PaymentProviderServer;
import tickets.eventsourcing.CommandContext;
import tickets.eventsourcing.CommandHandler;
import tickets.eventsourcing.ExpectedVersion;
import tickets.eventsourcing.timers.DueWork;
import tickets.payments.PaidLine;
import tickets.payments.PaymentAggregate;
import tickets.payments.PaymentCommand.InitiatePayment;
import tickets.payments.Payments;
import tickets.payments.ProviderWork;
import tickets.testkit.InjectDevstack;
import tickets.testkit.Race;
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
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The provider's answers that race, and the charges that must not be lost or doubled, against the real
 * PostgreSQL, Kafka and the sandbox provider as its own process: a webhook, a status query and the charge's own
 * answer for the same payment settle it once; a success after a decline is refunded in full; an answer about
 * another payment or amount is refused; a charge that never reached the provider is sent again (same key) until
 * the provider knows it; nothing is charged for a purchase that ended, nor for one that costs nothing.
 */
@QuarkusTest
class ProviderRacesTest {

    static final int AT_ONCE = 50;
    private static final Duration EVENTUALLY = Duration.ofSeconds(60);

    @InjectDevstack
    Devstack devstack;
    @Inject
    CommandHandler commands;
    @Inject
    PaymentAggregate payments;
    @Inject
    DueWork dueWork;
    private TestEvents kafka;
    private TestDatabase database;

    @BeforeEach
    void connect() {
        kafka = new TestEvents(devstack);
        database = new TestDatabase(devstack, "payments");
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    private record Paid(UUID user, UUID purchase, String paymentId) {
    }

    @Test
    void webhooks_status_queries_and_the_charges_answer_settle_each_payment_once() throws Exception {
        // the charges time out (the sandbox settles them 2 s later and tells by webhook); the status queries ask
        // meanwhile; and two more webhooks per payment come at the same moment: each payment is confirmed once
        List<Paid> paid = payAll(AT_ONCE, "pm_card_timeout", 1_000);
        assertThat(paid).allSatisfy(p -> assertThat(status(p.paymentId())).isIn("PENDING", "CONFIRMED"));
        List<String> providerIds = paid.stream().map(p -> awaitProviderPayment(p.paymentId())).toList();
        Race.pairs(AT_ONCE, i -> webhook(succeeded(providerIds.get(i), paid.get(i).paymentId(), 1_000)),
                i -> webhook(succeeded(providerIds.get(i), paid.get(i).paymentId(), 1_000)));

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            for (Paid p : paid) {
                assertThat(status(p.paymentId())).isEqualTo("CONFIRMED");
                assertThat(count("select count(*) from events where stream_id = ? and event_type = 'PaymentConfirmed'",
                        UUID.fromString(p.paymentId()))).as("confirmed once").isEqualTo(1);
                assertThat(count("select count(*) from due_work where stream_id = ?", UUID.fromString(p.paymentId())))
                        .as("no more talk with the provider").isZero();
            }
        });
        for (Paid p : paid) {
            assertThat(providerPayments(p.paymentId())).as("one charge at the provider").hasSize(1);
        }
    }

    @Test
    void a_slow_provider_holds_no_transaction_open_while_it_answers() throws Exception {
        // ten charges that hang at the provider until the client gives up (1 s): were the call made inside a
        // transaction, its connection would sit "idle in transaction" for that long, and a pool would run dry
        java.util.concurrent.atomic.AtomicLong longest = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean paying = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (paying.get()) {
                longest.accumulateAndGet(database.count("""
                        select coalesce(max(extract(epoch from now() - state_change) * 1000), 0) from pg_stat_activity
                        where datname = 'payments' and state like 'idle in transaction%'"""), Math::max);
            }
        });
        watcher.start();
        List<Paid> paid;
        try {
            paid = payAll(10, "pm_card_timeoutWebhookLost", 1_000);
        } finally {
            paying.set(false);
            watcher.join();
        }
        assertThat(paid).allSatisfy(p -> assertThat(status(p.paymentId())).isEqualTo("PENDING"));
        assertThat(longest.get()).as("the longest a connection of payments sat in an open transaction, in ms")
                .isLessThan(500);
    }

    @Test
    void a_success_after_the_payment_failed_is_refunded_in_full_and_reported() {
        Paid declined = payAll(1, "pm_card_chargeDeclined", 2_500).get(0);
        assertThat(status(declined.paymentId())).isEqualTo("FAILED");
        // the provider takes the money anyway (its own later success for our reference, told by webhook)
        String webhookUrl = "http://127.0.0.1:" + io.restassured.RestAssured.port + "/api/payments/webhooks/provider";
        given().baseUri(devstack.paymentProvider().baseUrl()).port(-1).auth().oauth2(PaymentProviderServer.API_KEY)
                .header("Idempotency-Key", "late-" + UUID.randomUUID()).contentType(ContentType.JSON)
                .body(Map.of("amountMinor", 2_500, "currency", "EUR", "paymentMethod", "pm_card_visa",
                        "reference", declined.paymentId(), "webhookUrl", webhookUrl))
                .post("/v1/payments").then().statusCode(200);

        await().atMost(EVENTUALLY).until(() -> providerPayments(declined.paymentId()).stream()
                .anyMatch(charge -> ((Number) charge.get("refundedMinor")).longValue() == 2_500));
        List<String> published = kafka.consume(Topics.PAYMENTS, TestEvents.correlatedWith(declined.purchase()), 4,
                        Duration.ofSeconds(30)).stream().map(r -> TestEvents.header(r, EventHeaders.TYPE)).toList();
        assertThat(published).containsExactly("PaymentInitiated", "PaymentFailed", "PaymentCapturedAfterFailure",
                "LateCaptureRefunded");
        assertThat(status(declined.paymentId())).as("nothing was sold for it").isEqualTo("FAILED");
    }

    @Test
    void an_answer_about_another_provider_payment_or_amount_is_refused_and_changes_nothing() {
        Paid pending = payAll(1, "pm_card_timeoutWebhookLost", 1_000).get(0);
        String real = awaitProviderPayment(pending.paymentId());
        webhook(succeeded(real, pending.paymentId(), 999)).then().statusCode(409)
                .contentType("application/problem+json");
        webhook(succeededIn(real, pending.paymentId(), 1_000, "USD")).then().statusCode(409);
        assertThat(status(pending.paymentId())).isEqualTo("PENDING");

        webhook(succeeded(real, pending.paymentId(), 1_000)).then().statusCode(204);
        assertThat(status(pending.paymentId())).isEqualTo("CONFIRMED");
        webhook(succeeded("pay_someoneelses", pending.paymentId(), 1_000)).then().statusCode(409);
        assertThat(count("select count(*) from events where stream_id = ? and event_type = 'PaymentConfirmed'",
                UUID.fromString(pending.paymentId()))).isEqualTo(1);
    }

    @Test
    void a_charge_that_never_reached_the_provider_is_sent_again_with_the_same_key_until_it_is_known() {
        devstack.paymentProvider().close();
        Paid paid;
        try {
            paid = payAll(1, "pm_card_visa", 1_500).get(0);
            assertThat(status(paid.paymentId())).as("no answer yet: it waits, it does not fail").isEqualTo("PENDING");
            await().atMost(EVENTUALLY).until(() -> count("select count(*) from events where stream_id = ? "
                    + "and event_type = 'ChargeSent'", UUID.fromString(paid.paymentId())) >= 2);
        } finally {
            devstack.paymentProvider().start();
        }
        await().atMost(EVENTUALLY).until(() -> "CONFIRMED".equals(status(paid.paymentId())));
        assertThat(providerPayments(paid.paymentId())).as("charged once").hasSize(1);
    }

    @Test
    void a_provider_that_lost_a_timed_out_charge_gets_it_again_and_charges_once() {
        Paid paid = payAll(1, "pm_card_timeoutWebhookLost", 1_700).get(0);
        assertThat(status(paid.paymentId())).isEqualTo("PENDING");
        // the provider restarts and forgets the charge it was still processing: the status query finds nothing
        devstack.paymentProvider().close();
        devstack.paymentProvider().start();

        await().atMost(EVENTUALLY).until(() -> "CONFIRMED".equals(status(paid.paymentId())));
        assertThat(count("select count(*) from events where stream_id = ? and event_type = 'ChargeSent'",
                UUID.fromString(paid.paymentId()))).as("sent again").isGreaterThanOrEqualTo(2);
        assertThat(providerPayments(paid.paymentId())).as("charged once by the provider it has now").hasSize(1);
    }

    @Test
    void a_purchase_that_costs_nothing_is_confirmed_without_the_provider() {
        Paid free = payAll(1, "pm_card_visa", 0).get(0);
        assertThat(status(free.paymentId())).isEqualTo("CONFIRMED");
        assertThat(database.column("select settled_by from payment_view where id = ?", UUID.fromString(free.paymentId())))
                .containsExactly("no charge: nothing to pay");
        assertThat(providerPayments(free.paymentId())).isEmpty();
    }

    @Test
    void nothing_is_charged_for_a_purchase_that_ended_before_its_charge_went_out() throws Throwable {
        UUID purchase = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        UUID paymentId = Payments.paymentIdOf(purchase);
        // the payment is started and, in the same moment, payments learns that the purchase can no longer complete
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                                insert into payable_purchase (purchase_id, user_id, expected_orders, orders, blocked)
                                values (:id, :user, 1, '[]', true)""").setParameter("id", purchase).setParameter("user", user)
                        .executeUpdate())
                .chain(() -> commands.handle(payments, paymentId, ExpectedVersion.NO_STREAM, new InitiatePayment(paymentId,
                        purchase, user, Money.of(1_000, "EUR"), List.of(new PaidLine(UUID.randomUUID(), UUID.randomUUID(),
                        "Regular", 1, 1_000)), "pm_card_visa", "key-" + UUID.randomUUID(), "fp"),
                        new CommandContext(purchase.toString(), "test:" + UUID.randomUUID(), user.toString())))));
        VertxContextSupport.subscribeAndAwait(() -> dueWork.runEarly(ProviderWork.CHARGE, paymentId));

        await().atMost(EVENTUALLY).until(() -> "FAILED".equals(status(paymentId.toString())));
        assertThat(database.column("select failure_reason from payment_view where id = ?", paymentId))
                .containsExactly("the purchase ended before it was charged (nothing was charged)");
        assertThat(count("select count(*) from events where stream_id = ? and event_type = 'ChargeSent'", paymentId)).isZero();
        assertThat(providerPayments(paymentId.toString())).isEmpty();
    }

    // --- purchases, payments and the provider -----------------------------------------------------

    /** {@code count} purchases of one order worth {@code total}, each paid by its customer with {@code method}, at once. */
    private List<Paid> payAll(int count, String method, long total) {
        List<Paid> purchases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID user = UUID.randomUUID();
            UUID purchase = UUID.randomUUID();
            kafka.sendInSaga(Topics.ORDERS, purchase, "OrderCreated", """
                    {"orderId":"%s","purchaseId":"%s","reservationId":"%s","userId":"%s","concertId":"%s",
                     "lines":[{"ticketLevel":"Regular","quantity":1,"unitPriceMinor":%d}],"totalMinor":%d,"currency":"EUR",
                     "ordersInPurchase":1}""".formatted(UUID.randomUUID(), purchase, UUID.randomUUID(), user,
                    UUID.randomUUID(), total, total));
            purchases.add(new Paid(user, purchase, Payments.paymentIdOf(purchase).toString()));
        }
        List<UUID> ids = purchases.stream().map(Paid::purchase).toList();
        await().atMost(EVENTUALLY).until(() -> count("select count(*) from payable_purchase where purchase_id = any(?)",
                ids) == ids.size());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, 10));
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (Paid p : purchases) {
                calls.add(() -> pay(p.user(), p.purchase(), method).statusCode());
            }
            for (var answer : pool.invokeAll(calls)) {
                assertThat(answer.get()).isEqualTo(201);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
        return purchases;
    }

    private static Response pay(UUID user, UUID purchase, String method) {
        return given().auth().oauth2(TestTokens.forUser(user.toString(), "customer")).contentType(ContentType.JSON)
                .header("Idempotency-Key", "key-" + UUID.randomUUID())
                .body("{\"purchaseId\":\"" + purchase + "\",\"paymentMethod\":\"" + method + "\"}").post("/api/payments");
    }

    private String awaitProviderPayment(String paymentId) {
        await().atMost(EVENTUALLY).until(() -> !providerPayments(paymentId).isEmpty());
        return (String) providerPayments(paymentId).get(0).get("id");
    }

    private List<Map<String, Object>> providerPayments(String paymentId) {
        return given().baseUri(devstack.paymentProvider().baseUrl()).port(-1).auth().oauth2(PaymentProviderServer.API_KEY)
                .queryParam("reference", paymentId).get("/v1/payments").then().statusCode(200).extract().jsonPath()
                .getList("data");
    }

    private static String succeeded(String providerId, String reference, long amount) {
        return succeededIn(providerId, reference, amount, "EUR");
    }

    private static String succeededIn(String providerId, String reference, long amount, String currency) {
        return """
                {"id":"evt_%s","type":"payment.succeeded","created":%d,"data":{"object":{"id":"%s","reference":"%s",
                 "amountMinor":%d,"currency":"%s","status":"succeeded"}}}"""
                .formatted(UUID.randomUUID().toString().replace("-", ""), Instant.now().getEpochSecond(), providerId,
                        reference, amount, currency);
    }

    private static Response webhook(String body) {
        long now = Instant.now().getEpochSecond();
        return given().contentType(ContentType.JSON).body(body)
                .header("Provider-Signature", "t=" + now + ",v1=" + sign(now + "." + body)).post("/api/payments/webhooks/provider");
    }

    private static String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(PaymentProviderServer.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String status(String paymentId) {
        List<String> status = database.column("select status from payment_view where id = ?", UUID.fromString(paymentId));
        return status.isEmpty() ? null : status.get(0);
    }

    private long count(String sql, Object... params) {
        return database.count(sql, params);
    }
}

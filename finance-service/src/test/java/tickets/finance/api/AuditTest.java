package tickets.finance.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.contracts.Topics;
import tickets.contracts.concerts.ConcertsIntegrationEvent.ConcertCancelled;
import tickets.contracts.delivery.DeliveryIntegrationEvent;
import tickets.contracts.delivery.DeliveryIntegrationEvent.TicketDeliveryPrepared;
import tickets.contracts.delivery.DeliveryIntegrationEvent.TicketsRevoked;
import tickets.contracts.orders.OrdersIntegrationEvent;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCancelled;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCompleted;
import tickets.contracts.orders.OrdersIntegrationEvent.OrderCreated;
import tickets.contracts.orders.OrdersIntegrationEvent.PurchaseEnded;
import tickets.contracts.payments.PaymentsIntegrationEvent;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentConfirmed;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentInitiated;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentRefunded;
import tickets.contracts.reservations.ReservationsIntegrationEvent;
import tickets.contracts.reservations.ReservationsIntegrationEvent.ReservationConfirmed;
import tickets.devstack.Devstack;
import tickets.testkit.AuthorizationMatrix;
import tickets.testkit.InjectDevstack;
import tickets.testkit.TestEvents;
import tickets.testkit.TestTokens;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The books that check themselves, against the real PostgreSQL and Kafka: finance collects each purchase's facts
 * from the topics of every context, checks them once the purchase is quiet (1 s in tests), lists what does not
 * balance for admins and counts it in a gauge, and clears a purchase when a later fact balances it. Discrepancies
 * are injected on purpose: a refund that never comes, the tickets of a sale revoked while it stands.
 */
@QuarkusTest
class AuditTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(30);
    private static final Instant AT = Instant.parse("2030-06-01T19:30:00Z");

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

    /** One purchase of two Regular seats of one concert, and the ids each context gave its parts. */
    private record Purchase(UUID id, UUID user, UUID order, UUID hold, UUID payment, UUID concert, UUID ticket1,
                            UUID ticket2) {
        static Purchase next() {
            return new Purchase(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                    UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        }
    }

    @Test
    void a_purchase_sold_paid_ticketed_and_ended_once_is_checked_and_balances() {
        Purchase purchase = Purchase.next();
        soldAndDelivered(purchase);

        JsonPath audit = awaitChecked(purchase);
        assertThat(audit.getBoolean("balanced")).isTrue();
        assertThat(audit.getList("problems")).isEmpty();
        assertThat(listed()).doesNotContain(purchase.id().toString());
    }

    @Test
    void a_refund_that_never_comes_is_listed_and_counted_until_it_comes() {
        Purchase purchase = Purchase.next();
        soldAndDelivered(purchase);
        concertCancelled(purchase);
        publish(Topics.ORDERS, purchase.order(), purchase, new OrderCancelled(purchase.order(), purchase.id(),
                purchase.hold(), purchase.user(), purchase.concert(), 5_000, "EUR", "the concert was cancelled", true));
        publish(Topics.DELIVERY, purchase.order(), purchase, new TicketsRevoked(purchase.order(), purchase.id(),
                purchase.user(), List.of(purchase.ticket1(), purchase.ticket2()), "order compensated"));
        // the PaymentRefunded that should follow is left out on purpose

        JsonPath audit = awaitChecked(purchase);
        assertThat(audit.getBoolean("balanced")).isFalse();
        assertThat(audit.getList("problems", String.class))
                .containsExactly("captured - refunded = 5000 but the completed, not compensated orders come to 0");
        assertThat(listed()).contains(purchase.id().toString());
        await().atMost(EVENTUALLY).until(() -> gauge() >= 1);

        publish(Topics.PAYMENTS, purchase.payment(), purchase, new PaymentRefunded(purchase.payment(), purchase.id(),
                purchase.user(), purchase.order(), 5_000, "EUR", "re_1", AT));
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            JsonPath again = audit(purchase);
            assertThat(again.getBoolean("balanced")).isTrue();
            assertThat(again.getString("checkedAt")).isNotNull();
        });
        assertThat(listed()).doesNotContain(purchase.id().toString());
    }

    @Test
    void tickets_revoked_for_a_cancelled_concert_while_the_sale_stands_unrefunded_are_found() {
        // the measured failure: charged, every ticket revoked, the purchase completed, the invoice paid, nothing refunded
        Purchase purchase = Purchase.next();
        soldAndDelivered(purchase);
        concertCancelled(purchase);
        publish(Topics.DELIVERY, purchase.order(), purchase, new TicketsRevoked(purchase.order(), purchase.id(),
                purchase.user(), List.of(purchase.ticket1(), purchase.ticket2()), "the concert was cancelled"));

        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(audit(purchase).getList("problems", String.class))
                .anyMatch(problem -> problem.contains("was revoked, but its order stands")));
        assertThat(listed()).contains(purchase.id().toString());
    }

    @Test
    void only_an_admin_reads_the_audit() {
        Purchase purchase = Purchase.next();
        soldAndDelivered(purchase);
        awaitChecked(purchase);
        AuthorizationMatrix.forCallers(TestTokens.forUser(purchase.user().toString(), "customer"), TestTokens.customer(),
                        TestTokens.admin())
                .row("GET /api/admin/finance/audit", r -> r.get("/api/admin/finance/audit"), 401, 403, 403, 200)
                .row("GET /api/admin/finance/audit/{purchase}", r -> r.get("/api/admin/finance/audit/" + purchase.id()),
                        401, 403, 403, 200)
                .row("GET /api/admin/finance/audit/{unknown}", r -> r.get("/api/admin/finance/audit/" + UUID.randomUUID()),
                        401, 403, 403, 404)
                .row("GET /api/admin/finance/audit/{malformed}", r -> r.get("/api/admin/finance/audit/not-an-id"),
                        401, 403, 403, 404)
                .row("GET /api/admin/finance/audit?size=0", r -> r.get("/api/admin/finance/audit?size=0"),
                        401, 403, 403, 400)
                .verify();
    }

    // --- the facts, as each context publishes them ------------------------------------------------

    private void soldAndDelivered(Purchase p) {
        var lines = List.of(new OrdersIntegrationEvent.Line("Regular", 2, 2_500));
        publish(Topics.ORDERS, p.order(), p, new OrderCreated(p.order(), p.id(), p.hold(), p.user(), p.concert(), lines,
                5_000, "EUR", 1));
        publish(Topics.PAYMENTS, p.payment(), p, new PaymentInitiated(p.payment(), p.id(), p.user(), 5_000, "EUR",
                List.of(new PaymentsIntegrationEvent.Line(p.order(), p.concert(), "Regular", 2, 2_500))));
        publish(Topics.PAYMENTS, p.payment(), p, new PaymentConfirmed(p.payment(), p.id(), p.user(), 5_000, "EUR", "pay_1",
                AT));
        publish(Topics.RESERVATIONS, p.hold(), p, new ReservationConfirmed(p.hold(), p.id(), p.user(), p.concert(),
                List.of(new ReservationsIntegrationEvent.Line("Regular", 2, 2_500))));
        publish(Topics.ORDERS, p.order(), p, new OrderCompleted(p.order(), p.id(), p.hold(), p.user(), p.concert(), lines,
                5_000, "EUR", null));
        publish(Topics.DELIVERY, p.order(), p, new TicketDeliveryPrepared(p.order(), p.id(), p.user(), p.concert(), List.of(
                new DeliveryIntegrationEvent.Ticket(p.ticket1(), "Regular", DeliveryIntegrationEvent.Method.ONLINE),
                new DeliveryIntegrationEvent.Ticket(p.ticket2(), "Regular", DeliveryIntegrationEvent.Method.ONLINE))));
        publish(Topics.ORDERS, p.id(), p, new PurchaseEnded(p.id(), p.user(), OrdersIntegrationEvent.Outcome.COMPLETED,
                "every order completed"));
    }

    /** The purchase's concert is cancelled, and finance knows it before what follows. */
    private void concertCancelled(Purchase purchase) {
        publish(Topics.CONCERTS, purchase.concert(), null, new ConcertCancelled(purchase.concert(), "storm"));
        await().atMost(EVENTUALLY).until(() -> new tickets.testkit.TestDatabase(devstack, "finance").count(
                "select count(*) from audit_cancelled_concert where concert_id = ?", purchase.concert()) == 1);
    }

    private void publish(String topic, UUID key, Purchase purchase, Object event) {
        kafka.publish(topic, key, event, UUID.randomUUID(), purchase == null ? "request:" + UUID.randomUUID() : purchase.id());
    }

    private JsonPath awaitChecked(Purchase purchase) {
        await().atMost(EVENTUALLY).until(() -> {
            var response = given().auth().oauth2(TestTokens.admin()).get("/api/admin/finance/audit/" + purchase.id());
            return response.statusCode() == 200 && response.jsonPath().getString("checkedAt") != null
                    && !Instant.parse(response.jsonPath().getString("checkedAt"))
                    .isBefore(Instant.parse(response.jsonPath().getString("lastFactAt")));
        });
        return audit(purchase);
    }

    private static JsonPath audit(Purchase purchase) {
        return given().auth().oauth2(TestTokens.admin()).get("/api/admin/finance/audit/" + purchase.id()).then()
                .statusCode(200).extract().jsonPath();
    }

    private static List<String> listed() {
        return given().auth().oauth2(TestTokens.admin()).get("/api/admin/finance/audit?size=500").then().statusCode(200)
                .extract().jsonPath().getList("discrepancies.purchaseId", String.class);
    }

    private static double gauge() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("tickets_audit_discrepancies"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).max().orElse(-1);
    }
}

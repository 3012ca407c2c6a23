package tickets.finance.api;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.contracts.EventHeaders;
import tickets.contracts.Topics;
import tickets.contracts.payments.PaymentsIntegrationEvent;
import tickets.contracts.payments.PaymentsIntegrationEvent.Line;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentConfirmed;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentFailed;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentInitiated;
import tickets.contracts.payments.PaymentsIntegrationEvent.PaymentRefunded;
import tickets.contracts.users.UsersIntegrationEvent;
import tickets.devstack.Devstack;
import tickets.eventsourcing.CommandContext;
import tickets.finance.Finance;
import tickets.testkit.AuthorizationMatrix;
import tickets.testkit.InjectDevstack;
import tickets.testkit.TestDatabase;
import tickets.testkit.TestEvents;
import tickets.testkit.TestTokens;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.LongStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Finance against the real PostgreSQL, Kafka and relay: invoices and credit notes from
 * payments.events, gap-free numbering under concurrency and rollback, redelivery, a payment that
 * arrives before its user's registration, the PDF, the admin's period view, and who may see what.
 */
@QuarkusTest
class FinanceApiTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    @InjectDevstack
    Devstack devstack;
    @Inject
    Finance finance;
    private TestEvents kafka;
    private TestDatabase database;

    @BeforeEach
    void connect() {
        kafka = new TestEvents(devstack);
        database = new TestDatabase(devstack, "finance");
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    private record Purchase(UUID purchaseId, UUID paymentId, UUID userId, UUID concertId) {
        static Purchase of(UUID userId) {
            return new Purchase(UUID.randomUUID(), UUID.randomUUID(), userId, UUID.randomUUID());
        }

        PaymentInitiated initiated() {
            return new PaymentInitiated(paymentId, purchaseId, userId, 24_700, "EUR", List.of(
                    new Line(UUID.randomUUID(), concertId, "Regular", 2, 4_900),
                    new Line(UUID.randomUUID(), concertId, "Golden Circle", 1, 14_900)));
        }

        PaymentConfirmed confirmed() {
            return new PaymentConfirmed(paymentId, purchaseId, userId, 24_700, "EUR", "ch_" + paymentId, Instant.now());
        }

        PaymentRefunded refunded(UUID orderId, long amountMinor) {
            return new PaymentRefunded(paymentId, purchaseId, userId, orderId, amountMinor, "EUR", "re_" + orderId,
                    Instant.now());
        }
    }

    private UUID publish(Purchase purchase, PaymentsIntegrationEvent event) {
        return kafka.publish(Topics.PAYMENTS, purchase.paymentId(), event, UUID.randomUUID(), purchase.purchaseId());
    }

    private JsonPath awaitInvoice(Purchase purchase, String status) {
        String token = TestTokens.forUser(purchase.userId().toString(), "customer");
        JsonPath[] found = new JsonPath[1];
        await().atMost(EVENTUALLY).until(() -> {
            Response response = given().auth().oauth2(token).get("/api/invoices/" + purchase.purchaseId());
            found[0] = response.statusCode() == 200 ? response.jsonPath() : null;
            return found[0] != null && status.equals(found[0].getString("status"));
        });
        return found[0];
    }

    private JsonPath financialInfo(UUID user) {
        return given().auth().oauth2(TestTokens.forUser(user.toString(), "customer")).get("/api/finance/me").then()
                .statusCode(200).extract().jsonPath();
    }

    @Test
    void a_paid_purchase_has_a_numbered_invoice_for_exactly_its_lines_and_the_customer_record_counts_it() {
        Purchase purchase = Purchase.of(UUID.randomUUID());
        kafka.publish(Topics.USERS, purchase.userId(), new UsersIntegrationEvent.UserRegistered(purchase.userId(), "ada",
                "ada@example.com", "Ada", UsersIntegrationEvent.Role.CUSTOMER));
        publish(purchase, purchase.initiated());
        JsonPath issued = awaitInvoice(purchase, "ISSUED");
        assertThat(issued.getString("number")).matches("INV-\\d{4}-\\d{6}");
        assertThat(issued.getLong("totalMinor")).isEqualTo(24_700);
        assertThat(issued.getList("lines.lineTotalMinor", Long.class)).containsExactly(9_800L, 14_900L);
        await().atMost(EVENTUALLY).until(() -> financialInfo(purchase.userId()).getLong("currencies[0].ongoingMinor")
                == 24_700);

        publish(purchase, purchase.confirmed());
        JsonPath paid = awaitInvoice(purchase, "PAID");
        assertThat(paid.getString("number")).as("paying changes no number").isEqualTo(issued.getString("number"));
        assertThat(paid.getLong("paidMinor")).isEqualTo(24_700);
        assertThat(paid.getString("providerReference")).isEqualTo("ch_" + purchase.paymentId());
        await().atMost(EVENTUALLY).until(() -> financialInfo(purchase.userId()).getLong("currencies[0].completedMinor")
                == 24_700);
        // the registration comes on another topic: it may arrive after the payment, and is noted then
        await().atMost(EVENTUALLY).until(() -> financialInfo(purchase.userId()).getBoolean("registered"));
        JsonPath record = financialInfo(purchase.userId());
        assertThat(record.getInt("currencies[0].ongoingCount")).isZero();
        assertThat(record.getInt("currencies[0].completedCount")).isEqualTo(1);

        // the record's creation is this purchase's too when the payment arrived before the registration
        List<String> published = kafka.all(Topics.FINANCE, TestEvents.correlatedWith(purchase.purchaseId()),
                        Duration.ofSeconds(3)).stream().map(r -> TestEvents.header(r, EventHeaders.TYPE))
                .filter(type -> !type.equals("UserFinancialInfoCreated")).toList();
        assertThat(published).containsExactlyInAnyOrder(
                "InvoiceCreated", "InvoiceUpdated", "UserFinancialInfoUpdated", "UserFinancialInfoUpdated");
    }

    @Test
    void a_failed_payment_voids_the_invoice_and_counts_a_failure() {
        Purchase purchase = Purchase.of(UUID.randomUUID());
        publish(purchase, purchase.initiated());
        String number = awaitInvoice(purchase, "ISSUED").getString("number");
        publish(purchase, new PaymentFailed(purchase.paymentId(), purchase.purchaseId(), purchase.userId(), "card_declined"));
        JsonPath voided = awaitInvoice(purchase, "VOID");
        assertThat(voided.getString("number")).isEqualTo(number);
        assertThat(voided.getString("voidReason")).isEqualTo("card_declined");
        await().atMost(EVENTUALLY).until(() -> financialInfo(purchase.userId()).getInt("currencies[0].failedCount") == 1);
        assertThat(financialInfo(purchase.userId()).getLong("currencies[0].ongoingMinor")).isZero();
    }

    @Test
    void refunds_are_credit_notes_numbered_in_their_own_series_never_more_than_was_paid() {
        Purchase purchase = Purchase.of(UUID.randomUUID());
        publish(purchase, purchase.initiated());
        publish(purchase, purchase.confirmed());
        awaitInvoice(purchase, "PAID");
        UUID firstOrder = UUID.randomUUID();
        publish(purchase, purchase.refunded(firstOrder, 9_800));
        publish(purchase, purchase.refunded(UUID.randomUUID(), 14_900));
        await().atMost(EVENTUALLY).until(() -> awaitInvoice(purchase, "PAID").getList("creditNotes").size() == 2);
        // a refund beyond what was paid is set aside (dead-letter topic), never applied
        publish(purchase, purchase.refunded(UUID.randomUUID(), 1));
        publish(purchase, purchase.refunded(firstOrder, 9_800)); // the first refund again, under a new event id
        List<ConsumerRecord<String, String>> refused = kafka.consume("finance.dlq",
                TestEvents.correlatedWith(purchase.purchaseId()), 1, EVENTUALLY);
        assertThat(refused).hasSize(1);

        JsonPath invoice = awaitInvoice(purchase, "PAID");
        assertThat(invoice.getLong("creditedMinor")).isEqualTo(24_700);
        assertThat(invoice.getList("creditNotes.number", String.class)).hasSize(2)
                .allSatisfy(number -> assertThat(number).matches("CN-\\d{4}-\\d{6}"));
        JsonPath record = financialInfo(purchase.userId());
        assertThat(record.getLong("currencies[0].refundedMinor")).isEqualTo(24_700);
        assertThat(record.getInt("currencies[0].refundedCount")).isEqualTo(2);
    }

    @Test
    void redelivered_payment_events_change_nothing() {
        Purchase purchase = Purchase.of(UUID.randomUUID());
        UUID initiated = publish(purchase, purchase.initiated());
        UUID confirmed = publish(purchase, purchase.confirmed());
        JsonPath paid = awaitInvoice(purchase, "PAID");
        await().atMost(EVENTUALLY).until(() -> financialInfo(purchase.userId()).getInt("currencies[0].completedCount") == 1);
        long recordVersion = financialInfo(purchase.userId()).getLong("version");

        // the same records again, and the same facts under new event ids
        kafka.publish(Topics.PAYMENTS, purchase.paymentId(), purchase.initiated(), initiated, purchase.purchaseId());
        kafka.publish(Topics.PAYMENTS, purchase.paymentId(), purchase.confirmed(), confirmed, purchase.purchaseId());
        publish(purchase, purchase.initiated());
        publish(purchase, purchase.confirmed());
        UUID marker = Purchase.of(purchase.userId()).purchaseId();
        Purchase after = new Purchase(marker, UUID.randomUUID(), purchase.userId(), purchase.concertId());
        publish(after, after.initiated()); // behind them on another key: once it is done, so are they (same consumer)
        awaitInvoice(after, "ISSUED");
        await().atMost(EVENTUALLY).until(() -> financialInfo(purchase.userId()).getLong("version") == recordVersion + 1);

        JsonPath again = awaitInvoice(purchase, "PAID");
        assertThat(again.getLong("version")).isEqualTo(paid.getLong("version"));
        assertThat(database.count("select count(*) from issued_document_number where invoice_id = ?",
                purchase.purchaseId())).isEqualTo(1);
        assertThat(financialInfo(purchase.userId()).getInt("currencies[0].completedCount")).isEqualTo(1);
    }

    @Test
    void a_payment_before_the_user_s_registration_creates_the_record_which_the_registration_then_completes() {
        Purchase purchase = Purchase.of(UUID.randomUUID());
        publish(purchase, purchase.initiated());
        await().atMost(EVENTUALLY).until(() -> given().auth().oauth2(TestTokens.forUser(purchase.userId().toString(),
                "customer")).get("/api/finance/me").statusCode() == 200);
        assertThat(financialInfo(purchase.userId()).getBoolean("registered")).isFalse();

        kafka.publish(Topics.USERS, purchase.userId(), new UsersIntegrationEvent.UserRegistered(purchase.userId(), "late",
                "late@example.com", "Late", UsersIntegrationEvent.Role.CUSTOMER));
        await().atMost(EVENTUALLY).until(() -> financialInfo(purchase.userId()).getBoolean("registered"));
        assertThat(financialInfo(purchase.userId()).getLong("currencies[0].ongoingMinor")).isEqualTo(24_700);
    }

    @Test
    void two_hundred_invoices_issued_concurrently_are_numbered_1_to_200_without_gap_or_duplicate() throws Throwable {
        int year = ThreadLocalRandom.current().nextInt(3000, 9000); // a series of its own, whatever ran before
        Instant issuedAt = LocalDate.of(year, 3, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> numbers = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Purchase purchase = Purchase.of(UUID.randomUUID());
                numbers.add(pool.submit(() -> {
                    start.await();
                    try {
                        return issue(purchase, issuedAt);
                    } catch (Throwable failure) {
                        throw new Exception(failure);
                    }
                }));
            }
            start.countDown();
            List<String> issued = new ArrayList<>();
            for (Future<String> number : numbers) {
                issued.add(number.get());
            }
            assertThat(issued).doesNotHaveDuplicates().hasSize(200);
            assertThat(issued.stream().map(n -> Long.parseLong(n.substring(n.lastIndexOf('-') + 1))).sorted())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
            assertThat(issued).allSatisfy(n -> assertThat(n).startsWith("INV-" + year + "-"));
        } finally {
            pool.shutdownNow();
        }
        assertThat(database.count("select count(*) from issued_document_number where series = 'INV' and year = ?", year))
                .isEqualTo(200);
    }

    @Test
    void a_rolled_back_issue_leaves_no_gap() throws Throwable {
        int year = ThreadLocalRandom.current().nextInt(3000, 9000);
        Instant issuedAt = LocalDate.of(year, 7, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Purchase first = Purchase.of(UUID.randomUUID());
        Purchase rolledBack = Purchase.of(UUID.randomUUID());
        Purchase next = Purchase.of(UUID.randomUUID());
        issue(first, issuedAt);
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> finance.issueInvoice(
                    rolledBack.initiated(), issuedAt, new CommandContext(rolledBack.purchaseId().toString(), "test", null))
                    .invoke(issued -> assertThat(issued.state().number()).endsWith("-000002"))
                    .chain(issued -> io.smallrye.mutiny.Uni.createFrom().failure(new IllegalStateException("crash")))));
        } catch (IllegalStateException expected) {
            // the transaction rolled back after the number was taken
        }
        assertThat(issue(next, issuedAt)).isEqualTo("INV-" + year + "-000002");
        assertThat(database.count("select count(*) from invoice_view where id = ?", rolledBack.purchaseId())).isZero();
        assertThat(database.column("select number from issued_document_number where series = 'INV' and year = ? "
                + "order by sequence", year)).containsExactly("INV-" + year + "-000001", "INV-" + year + "-000002");
    }

    private String issue(Purchase purchase, Instant issuedAt) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> finance.issueInvoice(
                purchase.initiated(), issuedAt, new CommandContext(purchase.purchaseId().toString(), "test", null)))
                .map(result -> result.state().number()));
    }

    @Test
    void the_pdf_shows_number_lines_total_and_credit_notes() throws Exception {
        Purchase purchase = Purchase.of(UUID.randomUUID());
        publish(purchase, purchase.initiated());
        publish(purchase, purchase.confirmed());
        publish(purchase, purchase.refunded(UUID.randomUUID(), 9_800));
        await().atMost(EVENTUALLY).until(() -> awaitInvoice(purchase, "PAID").getList("creditNotes").size() == 1);
        JsonPath invoice = awaitInvoice(purchase, "PAID");

        byte[] pdf = given().auth().oauth2(TestTokens.forUser(purchase.userId().toString(), "customer"))
                .accept("application/pdf").get("/api/invoices/" + purchase.purchaseId() + "/pdf")
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document)).contains(invoice.getString("number"))
                    .contains("Golden Circle").contains("247.00 EUR").contains("98.00 EUR")
                    .contains(invoice.getString("creditNotes[0].number")).contains("PAID");
        }
    }

    @Test
    void the_admin_sees_a_period_s_invoices_with_totals_per_currency() {
        Purchase paid = Purchase.of(UUID.randomUUID());
        publish(paid, paid.initiated());
        publish(paid, paid.confirmed());
        Purchase voided = Purchase.of(UUID.randomUUID());
        publish(voided, voided.initiated());
        publish(voided, new PaymentFailed(voided.paymentId(), voided.purchaseId(), voided.userId(), "card_declined"));
        awaitInvoice(paid, "PAID");
        awaitInvoice(voided, "VOID");
        String today = LocalDate.now(ZoneOffset.UTC).toString();

        JsonPath period = given().auth().oauth2(TestTokens.admin()).queryParam("from", today).queryParam("to", today)
                .queryParam("size", 500).get("/api/admin/finance/invoices").then().statusCode(200).extract().jsonPath();
        assertThat(period.getList("invoices.id", String.class)).contains(paid.purchaseId().toString(),
                voided.purchaseId().toString());
        long count = period.getLong("count");
        assertThat(count).isGreaterThanOrEqualTo(2);
        long invoiced = database.count("select coalesce(sum(total_minor), 0) from invoice_view where status <> 'VOID' "
                + "and issued_at >= ?::date and issued_at < ?::date + 1", today, today);
        assertThat(period.getLong("totals.find { it.currency == 'EUR' }.invoicedMinor")).isEqualTo(invoiced);

        given().auth().oauth2(TestTokens.admin()).queryParam("from", today).queryParam("to", "2020-01-01")
                .get("/api/admin/finance/invoices").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).queryParam("from", "yesterday").queryParam("to", today)
                .get("/api/admin/finance/invoices").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).queryParam("to", today)
                .get("/api/admin/finance/invoices").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void each_endpoint_answers_anonymous_customer_other_customer_and_admin_as_specified() {
        Purchase purchase = Purchase.of(UUID.randomUUID());
        publish(purchase, purchase.initiated());
        awaitInvoice(purchase, "ISSUED");
        String customer = TestTokens.forUser(purchase.userId().toString(), "customer");
        String id = purchase.purchaseId().toString();

        AuthorizationMatrix.forCallers(customer, TestTokens.customer(), TestTokens.admin())
                .row("GET /api/invoices", r -> r.get("/api/invoices"), 401, 200, 200, 200)
                .row("GET /api/invoices?userId=", r -> r.get("/api/invoices?userId=" + purchase.userId()), 401, 403, 403, 200)
                .row("GET /api/invoices/{id}", r -> r.get("/api/invoices/" + id), 401, 200, 403, 200)
                .row("GET /api/invoices/{unknown}", r -> r.get("/api/invoices/" + UUID.randomUUID()), 401, 404, 404, 404)
                .row("GET /api/invoices/{not-an-id}", r -> r.get("/api/invoices/nope"), 401, 404, 404, 404)
                .row("GET /api/invoices/{id}/pdf", r -> r.get("/api/invoices/" + id + "/pdf"), 401, 200, 403, 200)
                .row("GET /api/finance/me", r -> r.get("/api/finance/me"), 401, 200, 404, 404)
                .row("GET /api/admin/finance/users/{id}", r -> r.get("/api/admin/finance/users/" + purchase.userId()),
                        401, 403, 403, 200)
                .row("GET /api/admin/finance/invoices", r -> r.get("/api/admin/finance/invoices?from=2026-01-01&to=2026-12-31"),
                        401, 403, 403, 200)
                .verify();
        given().auth().oauth2(customer).get("/api/invoices").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.contains(id));
        given().auth().oauth2(TestTokens.customer()).get("/api/invoices").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(id)));
        given().auth().oauth2(customer).get("/api/invoices?size=1.5").then().statusCode(400)
                .contentType("application/problem+json");
    }
}

package tickets.delivery.api;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tickets.contracts.EventHeaders;
import tickets.contracts.ShippingAddress;
import tickets.contracts.Topics;
import tickets.contracts.concerts.ConcertsIntegrationEvent;
import tickets.contracts.concerts.ConcertsIntegrationEvent.DeliveryMethod;
import tickets.contracts.concerts.ConcertsIntegrationEvent.TicketLevel;
import tickets.contracts.orders.OrdersIntegrationEvent;
import tickets.delivery.codes.OfflineVerifier;
import tickets.delivery.codes.PublicKeys;
import tickets.devstack.Devstack;
import tickets.testkit.AuthorizationMatrix;
import tickets.testkit.InjectDevstack;
import tickets.testkit.TestEvents;
import tickets.testkit.TestTokens;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Delivery against the real PostgreSQL, Kafka and relay: tickets from orders.events with the
 * method from concerts.events, PDF and QR downloads, the box office's dispatch, check-in at the
 * door, revocation, key rotation, and who may do what.
 */
@QuarkusTest
class DeliveryApiTest {

    private static final ShippingAddress HOME = new ShippingAddress("Ada Lovelace", "1 Analytical Way", null, "10115",
            "Berlin", "DE");

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
    void a_completed_order_gets_one_ticket_per_unit_online_ones_delivered_at_once_printed_ones_pending() {
        UUID user = UUID.randomUUID();
        UUID concert = concert("Summer Night");
        UUID purchase = UUID.randomUUID();
        UUID order = completeOrder(concert, purchase, user, 2, 1);

        List<Map<String, Object>> tickets = awaitTickets(user, 3);
        assertThat(tickets).filteredOn(t -> t.get("method").equals("ONLINE")).hasSize(2)
                .allSatisfy(t -> assertThat(t).containsEntry("status", "DELIVERED").containsEntry("ticketLevel", "Regular")
                        .containsKey("code").extractingByKey("code").isNotNull());
        assertThat(tickets).filteredOn(t -> t.get("method").equals("PRINTED")).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("status", "PENDING").containsEntry("code", null));

        List<ConsumerRecord<String, String>> published = kafka.consume(Topics.DELIVERY, TestEvents.correlatedWith(purchase),
                3, Duration.ofSeconds(30));
        assertThat(published).extracting(r -> TestEvents.header(r, EventHeaders.TYPE))
                .containsExactly("TicketDeliveryPrepared", "OnlineTicketDelivered", "OnlineTicketDelivered");
        assertThat(published).allSatisfy(r -> assertThat(r.value()).doesNotContain("eyJ")); // no code (a JWS) on Kafka
        assertThat(published.get(0).value()).contains(order.toString());
    }

    @Test
    void a_redelivered_order_makes_no_second_set_of_tickets() {
        UUID user = UUID.randomUUID();
        UUID concert = concert("Redelivered");
        UUID purchase = UUID.randomUUID();
        OrdersIntegrationEvent.OrderCompleted completed = orderCompleted(concert, purchase, user, 2, 0);
        UUID eventId = kafka.publish(Topics.ORDERS, purchase, completed, UUID.randomUUID(), purchase);
        awaitTickets(user, 2);
        kafka.publish(Topics.ORDERS, purchase, completed, eventId, purchase); // the same record again
        kafka.publish(Topics.ORDERS, purchase, completed, UUID.randomUUID(), purchase); // the same order, another event

        kafka.all(Topics.DELIVERY, TestEvents.correlatedWith(purchase), Duration.ofSeconds(3));
        assertThat(tickets(user)).hasSize(2);
    }

    @Test
    void the_pdf_parses_and_its_qr_decodes_to_a_code_the_offline_verifier_accepts() throws Exception {
        UUID user = UUID.randomUUID();
        UUID concert = concert("Night of the QR");
        completeOrder(concert, UUID.randomUUID(), user, 1, 1);
        List<Map<String, Object>> tickets = awaitTickets(user, 2);
        Map<String, Object> online = tickets.stream().filter(t -> t.get("method").equals("ONLINE")).findFirst().orElseThrow();
        Map<String, Object> printed = tickets.stream().filter(t -> t.get("method").equals("PRINTED")).findFirst().orElseThrow();
        String token = TestTokens.forUser(user.toString(), "customer");

        byte[] pdf = given().auth().oauth2(token).accept("application/pdf").get("/api/tickets/" + online.get("id") + "/pdf")
                .then().statusCode(200).contentType("application/pdf").extract().asByteArray();
        String decoded;
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document)).contains("Night of the QR").contains("Regular");
            PDImageXObject image = (PDImageXObject) document.getPage(0).getResources()
                    .getXObject(document.getPage(0).getResources().getXObjectNames().iterator().next());
            decoded = decode(image.getImage());
        }
        assertThat(decoded).isEqualTo(online.get("code"));

        byte[] png = given().auth().oauth2(token).accept("image/png").get("/api/tickets/" + online.get("id") + "/qr")
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertThat(decode(ImageIO.read(new ByteArrayInputStream(png)))).isEqualTo(decoded);

        String jwks = given().get("/api/tickets/keys").then().statusCode(200).extract().asString();
        assertThat(jwks).doesNotContain("\"d\"");
        assertThat(OfflineVerifier.verdict(PublicKeys.fromJwkSet(jwks), decoded))
                .isEqualTo("VALID ticket=" + online.get("id") + " concert=" + concert + " level=Regular issuedAt="
                        + Instant.parse((String) online.get("preparedAt")) + " key=" + keyOf(decoded));

        // a printed ticket comes by post: its holder cannot download it
        given().auth().oauth2(token).get("/api/tickets/" + printed.get("id") + "/pdf").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("by post"));
    }

    @Test
    void the_box_office_lists_pending_printed_tickets_and_dispatches_each_once() {
        UUID user = UUID.randomUUID();
        completeOrder(concert("Printed Matter"), UUID.randomUUID(), user, 1, 1);
        List<Map<String, Object>> tickets = awaitTickets(user, 2);
        String printed = (String) tickets.stream().filter(t -> t.get("method").equals("PRINTED")).findFirst().orElseThrow()
                .get("id");
        String online = (String) tickets.stream().filter(t -> t.get("method").equals("ONLINE")).findFirst().orElseThrow()
                .get("id");

        given().auth().oauth2(TestTokens.admin()).get("/api/deliveries/printed?size=200").then().statusCode(200)
                .body("find { it.id == '" + printed + "' }.shippingAddress.city", equalTo("Berlin"))
                .body("find { it.id == '" + printed + "' }.code", notNullValue());
        dispatch(printed, "DHL", "JJD00123").then().statusCode(200).body("status", equalTo("DELIVERED"))
                .body("carrier", equalTo("DHL")).body("trackingNumber", equalTo("JJD00123"));
        dispatch(printed, "DHL", "JJD00123").then().statusCode(200);
        dispatch(printed, "UPS", "1Z0001").then().statusCode(409).contentType("application/problem+json");
        dispatch(online, "DHL", "JJD00124").then().statusCode(422).body("detail", containsString("not by post"));
        dispatch(printed, "DHL", "no spaces").then().statusCode(400);
        given().auth().oauth2(TestTokens.admin()).get("/api/deliveries/printed?status=PENDING&size=200").then()
                .statusCode(200).body("findAll { it.id == '" + printed + "' }.size()", equalTo(0));
        given().auth().oauth2(TestTokens.forUser(user.toString(), "customer")).get("/api/tickets/" + printed).then()
                .statusCode(200).body("status", equalTo("DELIVERED")).body("code", equalTo(null));
    }

    @Test
    void a_ticket_is_admitted_once_and_a_second_scan_says_when() {
        UUID user = UUID.randomUUID();
        completeOrder(concert("Door Test"), UUID.randomUUID(), user, 1, 0);
        String code = (String) awaitTickets(user, 1).get(0).get("code");

        Response first = checkIn(code);
        first.then().statusCode(200).body("result", equalTo("ADMITTED")).body("admittedAt", notNullValue());
        checkIn(code).then().statusCode(409).contentType("application/problem+json")
                .body("admittedAt", equalTo(first.path("admittedAt"))).body("detail", containsString("already admitted"));
    }

    @Test
    void twenty_concurrent_scans_of_one_code_admit_exactly_once() throws Exception {
        UUID user = UUID.randomUUID();
        completeOrder(concert("Rush at the Door"), UUID.randomUUID(), user, 1, 0);
        String code = (String) awaitTickets(user, 1).get(0).get("code");

        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Callable<Response>> scans = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            scans.add(() -> checkIn(code));
        }
        List<Response> answers = new ArrayList<>();
        for (Future<Response> scan : pool.invokeAll(scans)) {
            answers.add(scan.get());
        }
        pool.shutdown();

        List<Response> admitted = answers.stream().filter(r -> r.statusCode() == 200).toList();
        assertThat(admitted).hasSize(1);
        // every other scan says it was already admitted, and when
        assertThat(answers).filteredOn(r -> r.statusCode() == 409).hasSize(19)
                .allSatisfy(r -> assertThat(r.<String>path("admittedAt")).isEqualTo(admitted.get(0).path("admittedAt")));
    }

    @Test
    void a_tampered_code_a_foreign_key_and_garbage_are_refused_and_nothing_is_admitted() throws Exception {
        UUID user = UUID.randomUUID();
        completeOrder(concert("Forgers Welcome"), UUID.randomUUID(), user, 1, 0);
        Map<String, Object> ticket = awaitTickets(user, 1).get(0);
        String code = (String) ticket.get("code");
        String[] parts = code.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String otherTicket = payload.replace((String) ticket.get("id"), UUID.randomUUID().toString());
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(otherTicket.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        var foreignKey = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String foreign = tickets.delivery.codes.TicketCode.sign(new tickets.delivery.codes.TicketCode.Claims(
                UUID.fromString((String) ticket.get("id")), UUID.fromString((String) ticket.get("concertId")), "Regular",
                Instant.now(), "tk-forged"), foreignKey.getPrivate());

        checkIn(tampered).then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("signature does not match"));
        checkIn(foreign).then().statusCode(422).body("detail", containsString("unknown key"));
        checkIn("not a code").then().statusCode(422);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("{\"code\":12}")
                .post("/api/tickets/check-in").then().statusCode(400);
        given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body("{\"code\":\"" + code
                + "\",\"force\":true}").post("/api/tickets/check-in").then().statusCode(400);
        given().auth().oauth2(TestTokens.forUser(user.toString(), "customer")).get("/api/tickets/" + ticket.get("id"))
                .then().statusCode(200).body("admittedAt", equalTo(null));
    }

    @Test
    void a_compensated_order_revokes_its_tickets_and_the_door_refuses_them() {
        UUID user = UUID.randomUUID();
        UUID concert = concert("Compensated");
        UUID purchase = UUID.randomUUID();
        UUID order = completeOrder(concert, purchase, user, 1, 0);
        Map<String, Object> ticket = awaitTickets(user, 1).get(0);

        kafka.publish(Topics.ORDERS, purchase, new OrdersIntegrationEvent.OrderCancelled(order, purchase, UUID.randomUUID(),
                user, concert, 4_900, "EUR", "the concert was cancelled", true), UUID.randomUUID(), purchase);
        await().atMost(Duration.ofSeconds(30)).until(() -> "REVOKED".equals(tickets(user).get(0).get("status")));

        checkIn((String) ticket.get("code")).then().statusCode(409).body("detail", containsString("revoked"));
        given().auth().oauth2(TestTokens.forUser(user.toString(), "customer")).get("/api/tickets/" + ticket.get("id") + "/pdf")
                .then().statusCode(409).body("detail", containsString("revoked"));
        assertThat(kafka.consume(Topics.DELIVERY, r -> "TicketsRevoked".equals(TestEvents.header(r, EventHeaders.TYPE))
                && TestEvents.correlatedWith(purchase).test(r), 1, Duration.ofSeconds(30))).hasSize(1);
    }

    @Test
    void a_cancelled_concert_revokes_every_ticket_of_it() {
        UUID user = UUID.randomUUID();
        UUID concert = concert("Cancelled Tour");
        completeOrder(concert, UUID.randomUUID(), user, 1, 1);
        awaitTickets(user, 2);

        kafka.publish(Topics.CONCERTS, concert, new ConcertsIntegrationEvent.ConcertCancelled(concert, "artist ill"));
        await().atMost(Duration.ofSeconds(30)).until(() -> tickets(user).stream()
                .allMatch(t -> "REVOKED".equals(t.get("status"))));
    }

    @Test
    void after_a_key_rotation_new_tickets_are_signed_with_the_new_key_and_old_ones_still_admit() {
        UUID user = UUID.randomUUID();
        UUID concert = concert("Rotation");
        completeOrder(concert, UUID.randomUUID(), user, 1, 0);
        String oldCode = (String) awaitTickets(user, 1).get(0).get("code");

        String newKey = given().auth().oauth2(TestTokens.admin()).post("/api/admin/delivery/signing-keys").then()
                .statusCode(201).extract().path("keyId");
        assertThat(newKey).isNotEqualTo(keyOf(oldCode));
        UUID other = UUID.randomUUID();
        completeOrder(concert, UUID.randomUUID(), other, 1, 0);
        String newCode = (String) awaitTickets(other, 1).get(0).get("code");

        assertThat(keyOf(newCode)).isEqualTo(newKey);
        String jwks = given().get("/api/tickets/keys").then().statusCode(200).extract().asString();
        assertThat(jwks).contains(newKey).contains(keyOf(oldCode));
        checkIn(oldCode).then().statusCode(200);
        checkIn(newCode).then().statusCode(200);
    }

    @Test
    void no_table_or_event_holds_a_private_key_in_the_clear() {
        String stored = given().auth().oauth2(TestTokens.admin()).get("/api/admin/delivery/signing-keys").then()
                .statusCode(200).extract().asString();
        assertThat(stored).doesNotContain("private");
        List<String> privateKeys = new tickets.testkit.TestDatabase(devstack, "delivery")
                .column("select private_key from signing_key");
        assertThat(privateKeys).isNotEmpty().allSatisfy(wrapped -> assertThatThrownBy(() -> java.security.KeyFactory
                .getInstance("Ed25519").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(
                        Base64.getDecoder().decode(wrapped))))
                .as("a stored private key is encrypted: it does not read as a key")
                .isInstanceOf(java.security.spec.InvalidKeySpecException.class));
    }

    @Test
    void each_endpoint_answers_anonymous_customer_other_customer_and_admin_as_specified() {
        UUID user = UUID.randomUUID();
        String customer = TestTokens.forUser(user.toString(), "customer");
        completeOrder(concert("Matrix"), UUID.randomUUID(), user, 1, 1);
        List<Map<String, Object>> tickets = awaitTickets(user, 2);
        String online = (String) tickets.stream().filter(t -> t.get("method").equals("ONLINE")).findFirst().orElseThrow()
                .get("id");
        String printed = (String) tickets.stream().filter(t -> t.get("method").equals("PRINTED")).findFirst().orElseThrow()
                .get("id");

        AuthorizationMatrix.forCallers(customer, TestTokens.customer(), TestTokens.admin())
                .row("GET /api/tickets", r -> r.get("/api/tickets"), 401, 200, 200, 200)
                .row("GET /api/tickets?userId=", r -> r.get("/api/tickets?userId=" + user), 401, 403, 403, 200)
                .row("GET /api/tickets/keys", r -> r.get("/api/tickets/keys"), 200, 200, 200, 200)
                .row("GET /api/tickets/{id}", r -> r.get("/api/tickets/" + online), 401, 200, 403, 200)
                .row("GET /api/tickets/{unknown}", r -> r.get("/api/tickets/" + UUID.randomUUID()), 401, 404, 404, 404)
                .row("GET /api/tickets/{id}/pdf", r -> r.get("/api/tickets/" + online + "/pdf"), 401, 200, 403, 200)
                .row("GET /api/tickets/{id}/qr", r -> r.get("/api/tickets/" + online + "/qr"), 401, 200, 403, 200)
                .row("GET /api/tickets/{printed}/pdf", r -> r.get("/api/tickets/" + printed + "/pdf"), 401, 409, 403, 200)
                .row("POST /api/tickets/check-in", r -> r.body("{\"code\":\"x.y.z\"}").post("/api/tickets/check-in"),
                        401, 403, 403, 422)
                .row("GET /api/deliveries/printed", r -> r.get("/api/deliveries/printed"), 401, 403, 403, 200)
                .row("POST /api/deliveries/printed/{id}/dispatch", r -> r.body("{\"carrier\":\"DHL\",\"trackingNumber\":"
                        + "\"JJD777\"}").post("/api/deliveries/printed/" + printed + "/dispatch"), 401, 403, 403, 200)
                .row("GET /api/admin/delivery/signing-keys", r -> r.get("/api/admin/delivery/signing-keys"),
                        401, 403, 403, 200)
                .row("POST /api/admin/delivery/signing-keys", r -> r.post("/api/admin/delivery/signing-keys"),
                        401, 403, 403, 201)
                .verify();
        given().auth().oauth2(TestTokens.customer()).get("/api/tickets").then().statusCode(200)
                .body("findAll { it.userId == '" + user + "' }.size()", equalTo(0));
    }

    // --- helpers

    private UUID concert(String title) {
        UUID concert = UUID.randomUUID();
        kafka.publish(Topics.CONCERTS, concert, new ConcertsIntegrationEvent.ConcertCreated(concert, title, "The Band",
                "Arena Nord", Instant.parse("2030-06-01T19:30:00Z"), List.of(
                new TicketLevel("Regular", 500, 4_900, "EUR", DeliveryMethod.ONLINE),
                new TicketLevel("Golden Circle", 50, 14_900, "EUR", DeliveryMethod.PRINTED))));
        return concert;
    }

    private static OrdersIntegrationEvent.OrderCompleted orderCompleted(UUID concert, UUID purchase, UUID user, int regular,
                                                                         int golden) {
        List<OrdersIntegrationEvent.Line> lines = new ArrayList<>();
        if (regular > 0) {
            lines.add(new OrdersIntegrationEvent.Line("Regular", regular, 4_900));
        }
        if (golden > 0) {
            lines.add(new OrdersIntegrationEvent.Line("Golden Circle", golden, 14_900));
        }
        return new OrdersIntegrationEvent.OrderCompleted(UUID.randomUUID(), purchase, UUID.randomUUID(), user, concert,
                lines, regular * 4_900L + golden * 14_900L, "EUR", golden > 0 ? HOME : null);
    }

    private UUID completeOrder(UUID concert, UUID purchase, UUID user, int regular, int golden) {
        OrdersIntegrationEvent.OrderCompleted completed = orderCompleted(concert, purchase, user, regular, golden);
        kafka.publish(Topics.ORDERS, purchase, completed, UUID.randomUUID(), purchase);
        return completed.orderId();
    }

    private static List<Map<String, Object>> tickets(UUID user) {
        return given().auth().oauth2(TestTokens.forUser(user.toString(), "customer")).get("/api/tickets").then()
                .statusCode(200).extract().jsonPath().getList("$");
    }

    private static List<Map<String, Object>> awaitTickets(UUID user, int expected) {
        await().atMost(Duration.ofSeconds(30)).until(() -> tickets(user).size() == expected
                && tickets(user).stream().noneMatch(t -> "ONLINE".equals(t.get("method")) && "PENDING".equals(t.get("status"))));
        return tickets(user);
    }

    private static Response checkIn(String code) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("code", code)).post("/api/tickets/check-in");
    }

    private static Response dispatch(String ticket, String carrier, String tracking) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("carrier", carrier, "trackingNumber", tracking))
                .post("/api/deliveries/printed/" + ticket + "/dispatch");
    }

    private static String keyOf(String code) {
        String header = new String(Base64.getUrlDecoder().decode(code.split("\\.")[0]), StandardCharsets.UTF_8);
        return header.replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
    }

    /** The code as rendered, not a photo: read as a pure barcode (zxing's detector misses 1-3% of perfect codes). */
    private static String decode(BufferedImage image) throws Exception {
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }
}

package tickets.platform;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tickets.delivery.codes.OfflineVerifier;
import tickets.delivery.codes.PublicKeys;
import tickets.delivery.codes.TicketCode;
import tickets.platform.Shop.Customer;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
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
import static org.awaitility.Awaitility.await;

/**
 * Tickets in hand, end to end through the gateway with every service as a process: a purchase of
 * online and printed tickets across two concerts, the PDF and its QR verified offline, the box
 * office's dispatch, the door (admitted once, even under 20 concurrent scans; forgeries refused),
 * and a concert cancelled after the sale revoking what was sold.
 */
class DeliveryPathsTest {

    private static final String HOME = """
            {"shippingAddress":{"name":"Ada Lovelace","line1":"1 Analytical Way","postalCode":"10115","city":"Berlin",
             "country":"DE"}}""";
    private static Shop shop;
    private static String gateway;
    private static String doorStaff;

    @BeforeAll
    static void startThePlatform() {
        Platform platform = Platform.shared();
        shop = new Shop(platform);
        gateway = platform.gateway;
        doorStaff = shop.admin();
    }

    @Test
    void two_online_and_one_printed_ticket_across_two_concerts_are_delivered_verified_and_admitted_once() throws Exception {
        String standing = shop.concert(50, 3_000, "Standing", "ONLINE");
        String balcony = shop.concert(50, 9_000, "Balcony", "PRINTED");
        Customer customer = shop.newCustomer();
        String purchase = shop.cartWith(new Object[] {standing, "Standing", 2}, new Object[] {balcony, "Balcony", 1});

        shop.confirm(customer, purchase, "{}").then().statusCode(422).contentType("application/problem+json");
        shop.confirm(customer, purchase, HOME).then().statusCode(200);
        shop.awaitOrdered(customer, purchase, 2);
        shop.payWhenReady(customer, purchase, "pm_card_visa").then().statusCode(201);
        shop.awaitPurchase(customer, purchase, "COMPLETED", "CONFIRMED");

        // the printed ticket comes from the other order's OrderCompleted, which delivery may read later
        await().atMost(Shop.EVENTUALLY).until(() -> shop.ticketsOf(customer, purchase).size() == 3
                && shop.ticketsOf(customer, purchase).stream().filter(t -> "DELIVERED".equals(t.get("status"))).count() == 2);
        List<Map<String, Object>> tickets = shop.ticketsOf(customer, purchase);
        assertThat(tickets).hasSize(3);
        List<Map<String, Object>> online = tickets.stream().filter(t -> "ONLINE".equals(t.get("method"))).toList();
        Map<String, Object> printed = tickets.stream().filter(t -> "PRINTED".equals(t.get("method"))).findFirst().orElseThrow();
        assertThat(online).hasSize(2).allSatisfy(t -> assertThat(t).containsEntry("status", "DELIVERED")
                .containsEntry("concertId", standing).containsEntry("ticketLevel", "Standing"));
        assertThat(printed).containsEntry("status", "PENDING").containsEntry("concertId", balcony)
                .containsEntry("code", null);
        assertThat((Map<String, Object>) printed.get("shippingAddress")).containsEntry("city", "Berlin");

        // the PDF parses, its QR decodes to the ticket's code, and the offline verifier accepts it
        String first = (String) online.get(0).get("id");
        byte[] pdf = given().baseUri(gateway).auth().oauth2(customer.token()).accept("application/pdf")
                .get("/api/tickets/" + first + "/pdf").then().statusCode(200).extract().asByteArray();
        String scanned;
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document)).contains("Delivery Night").contains("Standing");
            PDResources resources = document.getPage(0).getResources();
            PDImageXObject qr = (PDImageXObject) resources.getXObject(resources.getXObjectNames().iterator().next());
            // the image is the code as rendered, not a photo: read as a pure barcode (zxing's finder-pattern detection
            // misses 1-3% of perfect synthetic codes of this size; pure decoding reads every one)
            scanned = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new BufferedImageLuminanceSource(qr.getImage()))),
                    java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
        }
        assertThat(scanned).isEqualTo(online.get(0).get("code"));
        String jwks = given().baseUri(gateway).get("/api/tickets/keys").then().statusCode(200).extract().asString();
        assertThat(OfflineVerifier.verdict(PublicKeys.fromJwkSet(jwks), scanned)).startsWith("VALID ticket=" + first);

        // someone else cannot download it, nor can the holder download the printed one
        Customer stranger = shop.newCustomer();
        given().baseUri(gateway).auth().oauth2(stranger.token()).get("/api/tickets/" + first + "/pdf").then()
                .statusCode(403);
        given().baseUri(gateway).auth().oauth2(customer.token()).get("/api/tickets/" + printed.get("id") + "/pdf").then()
                .statusCode(409);

        // the door: once, then refused with the time of the first admission
        Response admitted = checkIn(scanned);
        admitted.then().statusCode(200);
        String again = checkIn(scanned).then().statusCode(409).extract().path("admittedAt");
        assertThat(again).isEqualTo(admitted.path("admittedAt"));

        // 20 concurrent scans of the second ticket: exactly one admitted
        String second = (String) online.get(1).get("code");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Callable<Integer>> scans = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            scans.add(() -> checkIn(second).statusCode());
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> scan : pool.invokeAll(scans)) {
            statuses.add(scan.get());
        }
        pool.shutdown();
        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(19);

        // forgeries: an altered code and a code signed by a key that was never published
        String[] parts = scanned.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("Standing", "Backstage");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        checkIn(tampered).then().statusCode(422);
        String forged = TicketCode.sign(new TicketCode.Claims(UUID.fromString((String) printed.get("id")),
                UUID.fromString(balcony), "Balcony", Instant.now(), "tk-forged"),
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate());
        checkIn(forged).then().statusCode(422);
        assertThat(OfflineVerifier.verdict(PublicKeys.fromJwkSet(jwks), forged)).startsWith("REFUSED");

        // the printed ticket waits for the box office, then is posted
        String admin = shop.admin();
        assertThat(given().baseUri(gateway).auth().oauth2(admin).get("/api/deliveries/printed?size=200").then()
                .statusCode(200).extract().jsonPath().getList("id")).contains(printed.get("id"));
        given().baseUri(gateway).auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"carrier\":\"DHL\",\"trackingNumber\":\"JJD0099\"}")
                .post("/api/deliveries/printed/" + printed.get("id") + "/dispatch").then().statusCode(200);
        // delivery keys its events by order: the dispatch (one order) may reach orders before the others' steps
        await().atMost(Shop.EVENTUALLY).until(() -> shop.purchase(customer, purchase).getList("steps.name")
                .containsAll(List.of("tickets prepared", "ticket delivered online", "ticket admitted",
                        "ticket dispatched by post")));
        JsonPath timeline = shop.purchase(customer, purchase);
        assertThat(timeline.getList("steps.name", String.class)).contains("tickets prepared", "ticket delivered online",
                "ticket admitted", "ticket dispatched by post");
        assertThat(shop.ticketsOf(customer, purchase)).allSatisfy(t -> assertThat(t).containsEntry("status", "DELIVERED"));
    }

    @Test
    void a_concert_cancelled_after_the_sale_revokes_its_tickets_and_the_door_refuses_them() {
        String concert = shop.concert(20, 2_500, "Standing", "ONLINE");
        Customer customer = shop.newCustomer();
        String purchase = shop.cartWith(new Object[] {concert, "Standing", 2});
        shop.confirm(customer, purchase, "{}").then().statusCode(200);
        shop.awaitOrdered(customer, purchase, 1);
        shop.payWhenReady(customer, purchase, "pm_card_visa").then().statusCode(201);
        await().atMost(Shop.EVENTUALLY).until(() -> shop.ticketsOf(customer, purchase).stream()
                .filter(t -> "DELIVERED".equals(t.get("status"))).count() == 2);
        String code = (String) shop.ticketsOf(customer, purchase).get(0).get("code");

        shop.cancelConcert(concert);

        await().atMost(Shop.EVENTUALLY).until(() -> shop.ticketsOf(customer, purchase).stream()
                .allMatch(t -> "REVOKED".equals(t.get("status"))));
        checkIn(code).then().statusCode(409);
        await().atMost(Shop.EVENTUALLY).until(() -> shop.purchase(customer, purchase).getList("steps.name")
                .contains("tickets revoked"));
        await().atMost(Shop.EVENTUALLY).until(() -> "REFUNDED".equals(shop.paymentsOf(customer, purchase).get(0)
                .get("status")) || ((Number) shop.paymentsOf(customer, purchase).get(0).get("refundedMinor")).longValue() == 5_000);
        assertThat(shop.ordersOf(customer, purchase)).singleElement()
                .satisfies(order -> assertThat(order).containsEntry("status", "CANCELLED").containsEntry("compensated", true));
    }

    private Response checkIn(String code) {
        return given().baseUri(gateway).auth().oauth2(doorStaff).contentType(ContentType.JSON)
                .body(Map.of("code", code)).post("/api/tickets/check-in");
    }
}

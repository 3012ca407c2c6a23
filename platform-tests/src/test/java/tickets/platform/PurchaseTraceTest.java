package tickets.platform;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One purchase is one trace: the storefront sends a W3C traceparent with its requests (confirm, pay), and
 * every service the purchase crosses continues it through the outbox and Kafka, all the way to the ticket
 * delivered. The spans are read back from the devstack's trace collector, where the services export them.
 */
class PurchaseTraceTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** The services a purchase crosses; concerts and users are not part of one (they only feed the catalog and accounts). */
    private static final List<String> PURCHASE_SERVICES = List.of("carts-service", "reservations-service", "orders-service",
            "payments-service", "delivery-service", "finance-service");

    private final Platform platform = Platform.shared();
    private final Shop shop = new Shop(platform);

    @Test
    void one_purchase_is_one_trace_from_confirm_cart_to_tickets_delivered_across_every_service_it_crosses() {
        String concert = shop.concert(10, 3_000);
        Shop.Customer customer = shop.newCustomer();
        String purchase = shop.filledCart(2, concert);
        String traceId = hex(16);

        given().baseUri(platform.gateway).auth().oauth2(customer.token()).header("traceparent", traceparent(traceId))
                .post("/api/carts/" + purchase + "/confirmation").then().statusCode(200);
        shop.awaitOrdered(customer, purchase, 1);
        String key = "pay-" + UUID.randomUUID();
        Response[] paid = new Response[1];
        await().atMost(Shop.EVENTUALLY).until(() -> {
            paid[0] = given().baseUri(platform.gateway).auth().oauth2(customer.token()).contentType(ContentType.JSON)
                    .header("Idempotency-Key", key).header("traceparent", traceparent(traceId))
                    .body("{\"purchaseId\":\"" + purchase + "\",\"paymentMethod\":\"pm_card_visa\"}").post("/api/payments");
            return !(paid[0].statusCode() == 409 && paid[0].asString().contains("not ready"));
        });
        paid[0].then().statusCode(201);
        shop.awaitPurchase(customer, purchase, "COMPLETED", "CONFIRMED");
        await().atMost(Shop.EVENTUALLY).until(() -> shop.ticketsOf(customer, purchase).size() == 2
                && shop.ticketsOf(customer, purchase).stream().allMatch(t -> "DELIVERED".equals(t.get("status"))));

        // spans are exported in batches: wait until the last hop (the ticket delivered, the invoice paid) is in
        String collector = platform.devstack.traces().baseUrl();
        List<Map<String, Object>>[] spans = new List[1];
        await().atMost(Shop.EVENTUALLY).until(() -> {
            spans[0] = given().baseUri(collector).get("/api/traces/" + traceId).then().statusCode(200)
                    .extract().jsonPath().getList("$");
            // each service exports its own batches: wait for every span asserted below, not only the last hop's
            return services(spans[0]).containsAll(PURCHASE_SERVICES)
                    && hasSpan(spans[0], "carts-service", "server") && hasSpan(spans[0], "payments-service", "server")
                    && List.of("reservations-service", "orders-service", "payments-service", "delivery-service",
                    "finance-service").stream().allMatch(service -> hasSpan(spans[0], service, "consumer"))
                    && everyConsumerHasItsParent(spans[0]);
        });

        assertThat(spans[0]).allSatisfy(span -> assertThat(span.get("traceId")).isEqualTo(traceId));
        assertThat(services(spans[0])).containsAll(PURCHASE_SERVICES);
        // the request spans the storefront started, and a consumer span in every service downstream of them
        assertThat(spans[0]).anySatisfy(span -> assertThat(span).containsEntry("service", "carts-service").containsEntry("kind", "server"));
        assertThat(spans[0]).anySatisfy(span -> assertThat(span).containsEntry("service", "payments-service").containsEntry("kind", "server"));
        for (String service : List.of("reservations-service", "orders-service", "payments-service", "delivery-service", "finance-service")) {
            assertThat(spans[0]).as(service + " handled an event of the purchase").anySatisfy(span ->
                    assertThat(span).containsEntry("service", service).containsEntry("kind", "consumer"));
        }
        // every consumer span hangs under the span that wrote its event (through the outbox): no hop starts a trace of its own
        Set<String> ids = new HashSet<>();
        spans[0].forEach(span -> ids.add((String) span.get("spanId")));
        assertThat(spans[0].stream().filter(span -> "consumer".equals(span.get("kind"))))
                .allSatisfy(span -> assertThat(ids).as("parent of " + span.get("name")).contains((String) span.get("parentSpanId")));
        assertThat(spans[0].stream().filter(span -> "consumer".equals(span.get("kind"))))
                .allSatisfy(span -> assertThat(((Map<?, ?>) span.get("attributes")).get("tickets.correlation_id")).isEqualTo(purchase));
        JsonPath page = new JsonPath(given().baseUri(collector).get("/api/traces?limit=200").asString());
        assertThat(page.getList("traceId")).contains(traceId);
    }

    /** A parent span may come in a later batch than its child: another service exports it on its own schedule. */
    private static boolean everyConsumerHasItsParent(List<Map<String, Object>> spans) {
        Set<Object> ids = new HashSet<>();
        spans.forEach(span -> ids.add(span.get("spanId")));
        return spans.stream().filter(span -> "consumer".equals(span.get("kind")))
                .allMatch(span -> ids.contains(span.get("parentSpanId")));
    }

    private static Set<String> services(List<Map<String, Object>> spans) {
        Set<String> services = new TreeSet<>();
        spans.forEach(span -> services.add((String) span.get("service")));
        return services;
    }

    /** A traceparent in the purchase's trace, with a span id of its own (a storefront's request span). */
    private static String traceparent(String traceId) {
        return "00-" + traceId + "-" + hex(8) + "-01";
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static boolean hasSpan(List<Map<String, Object>> spans, String service, String kind) {
        return spans.stream().anyMatch(span -> service.equals(span.get("service")) && kind.equals(span.get("kind")));
    }
}

package tickets.platform;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.awaitility.core.ConditionTimeoutException;
import tickets.devstack.PaymentProviderServer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * What a customer and an admin do through the gateway, step by step, and what each service then
 * says: the purchase tests read as a story with these, and check every service's state with them.
 */
final class Shop {

    static final Duration EVENTUALLY = Duration.ofSeconds(45);

    private final Platform platform;
    private final String gateway;

    Shop(Platform platform) {
        this.platform = platform;
        this.gateway = platform.gateway;
    }

    /** A newly registered customer (a slot of their own: one purchase in flight per customer). */
    record Customer(String id, String token) {
    }

    Customer newCustomer() {
        String username = "buyer-" + UUID.randomUUID().toString().substring(0, 12);
        String id = given().baseUri(gateway).contentType(ContentType.JSON).body("""
                        {"username":"%s","email":"%s@example.com","password":"buyer-pass-1","displayName":"A Buyer"}"""
                        .formatted(username, username)).post("/api/users")
                .then().statusCode(201).extract().path("id");
        return new Customer(id, platform.login(username, "buyer-pass-1"));
    }

    String admin() {
        return platform.login("admin", "admin-pass");
    }

    /** A concert with one level, Regular, once reservations and carts know it. */
    String concert(int capacity, long priceMinor) {
        String id = given().baseUri(gateway).auth().oauth2(admin()).contentType(ContentType.JSON).body("""
                {"title":"Saga Night","artist":"The Compensations","venue":"Outbox Hall","startsAt":"2031-05-01T20:00:00Z",
                 "ticketLevels":[{"name":"Regular","capacity":%d,"priceMinor":%d,"currency":"EUR","deliveryMethod":"ONLINE"}]}"""
                .formatted(capacity, priceMinor)).post("/api/concerts").then().statusCode(201).extract().path("id");
        await().atMost(EVENTUALLY).until(() -> given().baseUri(gateway).get("/api/reservations/availability/" + id)
                .statusCode() == 200);
        return id;
    }

    /** A concert with one level of the given name and delivery method, once reservations, carts and delivery know it. */
    String concert(int capacity, long priceMinor, String level, String deliveryMethod) {
        String id = given().baseUri(gateway).auth().oauth2(admin()).contentType(ContentType.JSON).body("""
                {"title":"Delivery Night","artist":"The Signatures","venue":"Ed25519 Arena","startsAt":"2031-06-01T19:00:00Z",
                 "ticketLevels":[{"name":"%s","capacity":%d,"priceMinor":%d,"currency":"EUR","deliveryMethod":"%s"}]}"""
                .formatted(level, capacity, priceMinor, deliveryMethod)).post("/api/concerts").then().statusCode(201)
                .extract().path("id");
        await().atMost(EVENTUALLY).until(() -> given().baseUri(gateway).get("/api/reservations/availability/" + id)
                .statusCode() == 200);
        return id;
    }

    /** A visitor's cart with the given lines, each {concertId, level, quantity}. */
    String cartWith(Object[]... lines) {
        String cartId = given().baseUri(gateway).post("/api/carts").then().statusCode(201).extract().path("id");
        for (Object[] line : lines) {
            await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100)).until(() -> given().baseUri(gateway)
                    .contentType(ContentType.JSON)
                    .body("{\"concertId\":\"" + line[0] + "\",\"ticketLevel\":\"" + line[1] + "\",\"quantity\":"
                            + line[2] + "}")
                    .post("/api/carts/" + cartId + "/lines").statusCode() == 200);
        }
        return cartId;
    }

    /** Confirms with a body (a shipping address, say); answers the response. */
    Response confirm(Customer customer, String cartId, String body) {
        return given().baseUri(gateway).auth().oauth2(customer.token()).contentType(ContentType.JSON).body(body)
                .post("/api/carts/" + cartId + "/confirmation");
    }

    /** The customer's tickets of one purchase. */
    List<Map<String, Object>> ticketsOf(Customer customer, String purchaseId) {
        return given().baseUri(gateway).auth().oauth2(customer.token()).get("/api/tickets?size=200").then()
                .statusCode(200).extract().jsonPath().<Map<String, Object>>getList("$").stream()
                .filter(t -> purchaseId.equals(t.get("purchaseId"))).toList();
    }

    void cancelConcert(String concertId) {
        given().baseUri(gateway).auth().oauth2(admin()).contentType(ContentType.JSON)
                .body("{\"reason\":\"the band broke up\"}").post("/api/concerts/" + concertId + "/cancellation")
                .then().statusCode(200);
    }

    /** Fills a cart with {@code quantity} Regular tickets of each concert and confirms it: its id is the purchase's. */
    String confirmedCart(Customer customer, int quantity, String... concertIds) {
        String cartId = filledCart(quantity, concertIds);
        confirm(customer, cartId);
        return cartId;
    }

    /** A visitor's cart with {@code quantity} Regular tickets of each concert (once the catalog knows them). */
    String filledCart(int quantity, String... concertIds) {
        String cartId = given().baseUri(gateway).post("/api/carts").then().statusCode(201).extract().path("id");
        for (String concertId : concertIds) {
            await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(100)).until(() -> given().baseUri(gateway)
                    .contentType(ContentType.JSON)
                    .body("{\"concertId\":\"" + concertId + "\",\"ticketLevel\":\"Regular\",\"quantity\":" + quantity + "}")
                    .post("/api/carts/" + cartId + "/lines").statusCode() == 200);
        }
        return cartId;
    }

    void confirm(Customer customer, String cartId) {
        given().baseUri(gateway).auth().oauth2(customer.token()).post("/api/carts/" + cartId + "/confirmation")
                .then().statusCode(200);
    }

    /** Confirms another cart: 200 only once the customer's previous purchase has ended. */
    int confirmAnother(Customer customer, String concertId) {
        String cartId = given().baseUri(gateway).post("/api/carts").then().statusCode(201).extract().path("id");
        given().baseUri(gateway).contentType(ContentType.JSON)
                .body("{\"concertId\":\"" + concertId + "\",\"ticketLevel\":\"Regular\",\"quantity\":1}")
                .post("/api/carts/" + cartId + "/lines").then().statusCode(200);
        // carts frees the customer's slot when it reads the purchase's end from orders' topic, a moment after
        // orders itself shows the end: only the "in progress" refusal is retried, and only until EVENTUALLY
        Response[] answered = new Response[1];
        try {
            await().atMost(EVENTUALLY).until(() -> {
                answered[0] = given().baseUri(gateway).auth().oauth2(customer.token())
                        .post("/api/carts/" + cartId + "/confirmation");
                return !(answered[0].statusCode() == 409 && answered[0].asString().contains("in progress"));
            });
        } catch (ConditionTimeoutException slotNeverFreed) {
            // the caller's assertion reports the last answer
        }
        return answered[0].statusCode();
    }

    /** Waits until every order of the purchase exists (payments' own view of it, too), so it can be paid. */
    void awaitOrdered(Customer customer, String purchaseId, int orders) {
        await().atMost(EVENTUALLY).until(() -> {
            JsonPath purchase = purchaseOrNull(customer, purchaseId);
            return purchase != null && purchase.getList("orders").size() == orders;
        });
    }

    Response pay(Customer customer, String purchaseId, String paymentMethod, String idempotencyKey) {
        return given().baseUri(gateway).auth().oauth2(customer.token()).contentType(ContentType.JSON)
                .header("Idempotency-Key", idempotencyKey)
                .body("{\"purchaseId\":\"" + purchaseId + "\",\"paymentMethod\":\"" + paymentMethod + "\"}")
                .post("/api/payments");
    }

    /**
     * Waits until payments refuses the ended purchase for what it is (not merely "not ready"). Payments learns of the
     * end from orders' topic, a moment after orders shows it; one key throughout, so a payment taken in that moment
     * is answered again (and fails the caller's check that nothing was paid) instead of being hidden by a new key.
     */
    void awaitPayRefusedAsEnded(Customer customer, String purchaseId) {
        String key = "after-end-" + UUID.randomUUID();
        await().atMost(EVENTUALLY).until(() -> {
            Response answer = pay(customer, purchaseId, "pm_card_visa", key);
            return answer.statusCode() == 409 && answer.asString().contains("can no longer complete");
        });
    }

    /** Pays as soon as payments knows the whole purchase (a 409 "not ready" is the only answer retried). */
    Response payWhenReady(Customer customer, String purchaseId, String paymentMethod) {
        String key = "pay-" + UUID.randomUUID();
        Response[] answer = new Response[1];
        await().atMost(EVENTUALLY).until(() -> {
            answer[0] = pay(customer, purchaseId, paymentMethod, key);
            return !(answer[0].statusCode() == 409 && answer[0].asString().contains("not ready"));
        });
        return answer[0];
    }

    JsonPath purchase(Customer customer, String purchaseId) {
        return given().baseUri(gateway).auth().oauth2(customer.token()).get("/api/purchases/" + purchaseId)
                .then().statusCode(200).extract().jsonPath();
    }

    private JsonPath purchaseOrNull(Customer customer, String purchaseId) {
        Response response = given().baseUri(gateway).auth().oauth2(customer.token()).get("/api/purchases/" + purchaseId);
        return response.statusCode() == 200 ? response.jsonPath() : null;
    }

    /** The purchase once it has ended and its payment reached {@code payment} (the saga has come to rest). */
    JsonPath awaitPurchase(Customer customer, String purchaseId, String outcome, String payment) {
        await().atMost(EVENTUALLY).until(() -> {
            JsonPath purchase = purchaseOrNull(customer, purchaseId);
            return purchase != null && "ENDED".equals(purchase.getString("status"))
                    && outcome.equals(purchase.getString("outcome")) && payment.equals(purchase.getString("payment"));
        });
        return purchase(customer, purchaseId);
    }

    List<Map<String, Object>> reservationsOf(Customer customer, String purchaseId) {
        return given().baseUri(gateway).auth().oauth2(customer.token()).get("/api/reservations").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.cartId == '" + purchaseId + "' }");
    }

    List<Map<String, Object>> ordersOf(Customer customer, String purchaseId) {
        return given().baseUri(gateway).auth().oauth2(customer.token()).get("/api/orders?size=100").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.purchaseId == '" + purchaseId + "' }");
    }

    List<Map<String, Object>> paymentsOf(Customer customer, String purchaseId) {
        return given().baseUri(gateway).auth().oauth2(customer.token()).get("/api/payments?size=100").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.purchaseId == '" + purchaseId + "' }");
    }

    /** The purchase's invoice (its id is the purchase's) once it is {@code status} with {@code creditNotes} credit notes. */
    JsonPath awaitInvoice(Customer customer, String purchaseId, String status, int creditNotes) {
        JsonPath[] found = new JsonPath[1];
        await().atMost(EVENTUALLY).until(() -> {
            Response response = given().baseUri(gateway).auth().oauth2(customer.token()).get("/api/invoices/" + purchaseId);
            found[0] = response.statusCode() == 200 ? response.jsonPath() : null;
            return found[0] != null && status.equals(found[0].getString("status"))
                    && found[0].getList("creditNotes").size() == creditNotes;
        });
        return found[0];
    }

    /** The HTTP status of the purchase's invoice: 404 while (or because) there is none. */
    int invoiceStatusCode(Customer customer, String purchaseId) {
        return given().baseUri(gateway).auth().oauth2(customer.token()).get("/api/invoices/" + purchaseId).statusCode();
    }

    /** The customer's financial record in one currency once {@code until} holds for it. */
    JsonPath awaitFinancialInfo(Customer customer, java.util.function.Predicate<JsonPath> until) {
        JsonPath[] found = new JsonPath[1];
        await().atMost(EVENTUALLY).until(() -> {
            Response response = given().baseUri(gateway).auth().oauth2(customer.token()).get("/api/finance/me");
            found[0] = response.statusCode() == 200 ? response.jsonPath() : null;
            return found[0] != null && until.test(found[0]);
        });
        return found[0];
    }

    int available(String concertId) {
        return given().baseUri(gateway).get("/api/reservations/availability/" + concertId).then().statusCode(200)
                .extract().jsonPath().getInt("find { it.ticketLevel == 'Regular' }.available");
    }

    /** What the provider itself holds for a payment of ours (its reference is our payment id). */
    List<Map<String, Object>> providerPayments(String paymentId) {
        return given().baseUri(platform.devstack.paymentProvider().baseUrl())
                .auth().oauth2(PaymentProviderServer.API_KEY).queryParam("reference", paymentId).get("/v1/payments")
                .then().statusCode(200).extract().jsonPath().getList("data");
    }

    /**
     * Finance's audit of each purchase (admin), once it has checked every fact it collected (the purchase has been
     * quiet for the audit's quiet time): purchase id → the problems found, empty when its books balance.
     */
    Map<String, List<String>> awaitAudited(List<String> purchaseIds) {
        String admin = admin();
        Map<String, List<String>> problems = new java.util.HashMap<>();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            problems.clear();
            for (String purchaseId : purchaseIds) {
                Response audit = given().baseUri(gateway).auth().oauth2(admin).get("/api/admin/finance/audit/" + purchaseId);
                if (audit.statusCode() != 200 || audit.jsonPath().getString("checkedAt") == null
                        || java.time.Instant.parse(audit.jsonPath().getString("checkedAt"))
                        .isBefore(java.time.Instant.parse(audit.jsonPath().getString("lastFactAt")))) {
                    return false;
                }
                problems.put(purchaseId, audit.jsonPath().getList("problems", String.class));
            }
            return true;
        });
        return problems;
    }

    /** How many purchases finance's audit lists as not balancing, platform-wide. */
    long discrepancies() {
        return given().baseUri(gateway).auth().oauth2(admin()).get("/api/admin/finance/audit").then().statusCode(200)
                .extract().jsonPath().getLong("discrepancyCount");
    }
}

package tickets.platform;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import tickets.platform.Shop.Customer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;

/**
 * Many customers buying at once through the gateway, each purchase ending its own way: paid,
 * declined, left to expire, cancelled by the customer, rejected (not enough tickets), paid too
 * late (refunded), or sold for a concert that is cancelled afterwards (compensated and refunded).
 * Every client step retries what a crashed server did not answer, like a real client would; the
 * reconciliation afterwards reads what each service holds, not what the clients saw.
 */
final class MixedRun {

    enum Kind { PAID, DECLINED, EXPIRED, CANCELLED_BY_CUSTOMER, REJECTED, PAID_TOO_LATE, CONCERT_CANCELLED }

    /** The share of each kind: one in twenty per slot. */
    private static final List<Kind> MIX = List.of(Kind.PAID, Kind.PAID, Kind.PAID, Kind.PAID, Kind.PAID, Kind.PAID,
            Kind.PAID, Kind.PAID, Kind.PAID, Kind.DECLINED, Kind.DECLINED, Kind.DECLINED, Kind.EXPIRED, Kind.EXPIRED,
            Kind.CANCELLED_BY_CUSTOMER, Kind.CANCELLED_BY_CUSTOMER, Kind.REJECTED, Kind.PAID_TOO_LATE,
            Kind.CONCERT_CANCELLED, Kind.CONCERT_CANCELLED);

    /** A cart confirmed in this run (its id is the purchase's), or one whose confirmation was not answered. */
    record Attempt(String cartId, Kind kind, Customer customer, String concertId) {
    }

    private final Shop shop;
    private final Platform platform;
    private final String gateway;
    final List<String> concerts = new ArrayList<>();
    final String doomedConcert;
    final String tinyConcert;
    final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
    final Map<Kind, AtomicInteger> started = new EnumMap<>(Kind.class);
    final Map<String, AtomicInteger> clientRetries = new ConcurrentHashMap<>();

    MixedRun(Shop shop, Platform platform) {
        this.shop = shop;
        this.platform = platform;
        this.gateway = platform.gateway;
        for (int i = 0; i < 3; i++) {
            concerts.add(shop.concert(2_000, 1_000 + 500L * i));
        }
        doomedConcert = shop.concert(500, 4_200);
        tinyConcert = shop.concert(1, 900);
        for (Kind kind : Kind.values()) {
            started.put(kind, new AtomicInteger());
        }
    }

    /** Runs purchases on {@code threads} clients until {@code purchases} carts are confirmed and {@code alsoUntil} holds. */
    void run(int purchases, int threads, BooleanSupplier alsoUntil) throws InterruptedException {
        ExecutorService clients = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger confirmed = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            clients.submit(() -> {
                while (confirmed.get() < purchases || !alsoUntil.getAsBoolean()) {
                    Kind kind = MIX.get(next.getAndIncrement() % MIX.size());
                    try {
                        if (purchase(kind)) {
                            confirmed.incrementAndGet();
                        }
                    } catch (RuntimeException | AssertionError failure) {
                        retried("purchase abandoned: " + failure.getClass().getSimpleName());
                    }
                }
                return null;
            });
        }
        clients.shutdown();
        if (!clients.awaitTermination(15, TimeUnit.MINUTES)) {
            clients.shutdownNow();
            throw new AssertionError("the mixed run did not finish in 15 minutes");
        }
    }

    /** A client's customer and the last purchase it started (a customer has one purchase in flight at a time). */
    private static final class Regular {
        final String username;
        Customer customer;
        Instant loggedInAt;
        String lastPurchase;

        Regular(String username) {
            this.username = username;
        }
    }

    /** Each client's customers: one is reused once its last purchase ended (logging in costs Keycloak a password hash). */
    private final ThreadLocal<List<Regular>> regulars = ThreadLocal.withInitial(ArrayList::new);

    private Customer customerWithoutPurchaseInFlight() {
        for (Regular regular : regulars.get()) {
            if (regular.lastPurchase == null || ended(regular)) {
                if (Duration.between(regular.loggedInAt, Instant.now()).toMinutes() >= 3) { // tokens last 5 minutes
                    regular.customer = new Customer(regular.customer.id(), retrying("log in", () ->
                            platform.login(regular.username, PASSWORD)));
                    regular.loggedInAt = Instant.now();
                }
                return use(regular);
            }
        }
        Regular regular = new Regular("mixed-" + UUID.randomUUID().toString().substring(0, 12));
        String id = retrying("register", () -> {
            Response registered = given().baseUri(gateway).contentType(ContentType.JSON).body("""
                    {"username":"%s","email":"%s@example.com","password":"%s","displayName":"A Regular"}"""
                    .formatted(regular.username, regular.username, PASSWORD)).post("/api/users");
            if (registered.statusCode() == 201) {
                return registered.jsonPath().getString("id");
            }
            if (registered.statusCode() == 409) { // an earlier try registered it, its answer lost
                return "";
            }
            throw new IllegalStateException("register answered " + registered.statusCode());
        });
        String token = retrying("log in", () -> platform.login(regular.username, PASSWORD));
        regular.customer = new Customer(id.isEmpty() ? subjectOf(token) : id, token);
        regular.loggedInAt = Instant.now();
        regulars.get().add(regular);
        return use(regular);
    }

    private Customer use(Regular regular) {
        current.set(regular);
        return regular.customer;
    }

    private final ThreadLocal<Regular> current = new ThreadLocal<>();

    private boolean ended(Regular regular) {
        try {
            Response purchase = given().baseUri(gateway).auth().oauth2(regular.customer.token())
                    .get("/api/purchases/" + regular.lastPurchase);
            return purchase.statusCode() == 200 && "ENDED".equals(purchase.jsonPath().getString("status"));
        } catch (RuntimeException unreachable) {
            return false;
        }
    }

    private static String subjectOf(String token) {
        String claims = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        return claims.replaceAll(".*\"sub\":\"([^\"]+)\".*", "$1");
    }

    private static final String PASSWORD = "regular-pass-1";

    /** One purchase of a kind; true once its cart was confirmed (or may have been). */
    private boolean purchase(Kind kind) {
        Customer customer = customerWithoutPurchaseInFlight();
        String concert = switch (kind) {
            case CONCERT_CANCELLED -> doomedConcert;
            case REJECTED -> tinyConcert;
            default -> concerts.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(concerts.size()));
        };
        int quantity = kind == Kind.REJECTED ? 2 : 1 + java.util.concurrent.ThreadLocalRandom.current().nextInt(3);
        String cartId = retrying("cart", () -> given().baseUri(gateway).post("/api/carts").then().statusCode(201)
                .extract().<String>path("id"));
        retrying("add line", () -> {
            Response added = given().baseUri(gateway).contentType(ContentType.JSON).body("{\"concertId\":\"" + concert
                    + "\",\"ticketLevel\":\"Regular\",\"quantity\":" + quantity + "}").post("/api/carts/" + cartId + "/lines");
            if (added.statusCode() != 200) {
                throw new IllegalStateException("add line answered " + added.statusCode());
            }
            return null;
        });
        attempts.add(new Attempt(cartId, kind, customer, concert));
        current.get().lastPurchase = cartId;
        retrying("confirm", () -> {
            int status = given().baseUri(gateway).auth().oauth2(customer.token())
                    .post("/api/carts/" + cartId + "/confirmation").statusCode();
            // 409: an earlier try was confirmed (its answer lost), or the customer's last purchase has
            // ended but carts has not heard yet: only the cart itself says which
            if (status == 409 && "CONFIRMED".equals(given().baseUri(gateway).get("/api/carts/" + cartId).jsonPath()
                    .getString("status"))) {
                return null;
            }
            if (status != 200) {
                throw new IllegalStateException("confirm answered " + status);
            }
            return null;
        });
        started.get(kind).incrementAndGet();
        switch (kind) {
            case PAID, CONCERT_CANCELLED -> pay(customer, cartId, "pm_card_visa");
            case DECLINED -> pay(customer, cartId, "pm_card_chargeDeclined");
            case EXPIRED, REJECTED -> {
                // nothing: the hold expires by itself, or nothing was held
            }
            case CANCELLED_BY_CUSTOMER -> {
                awaitOrdered(customer, cartId);
                String hold = (String) retrying("find hold", () -> shop.reservationsOf(customer, cartId).getFirst().get("id"));
                retrying("cancel hold", () -> {
                    int status = given().baseUri(gateway).auth().oauth2(customer.token())
                            .post("/api/reservations/" + hold + "/cancellation").statusCode();
                    if (status != 200 && status != 409) {
                        throw new IllegalStateException("cancel answered " + status);
                    }
                    return null;
                });
            }
            case PAID_TOO_LATE -> {
                awaitOrdered(customer, cartId);
                Instant expiresAt = Instant.parse((String) retrying("find hold", () ->
                        shop.reservationsOf(customer, cartId).getFirst().get("expiresAt")));
                sleep(Duration.between(Instant.now(), expiresAt.minusMillis(1500)));
                // the provider answers late and its webhook is lost: the status query learns it after the hold ended
                pay(customer, cartId, "pm_card_timeoutWebhookLost");
            }
        }
        return true;
    }

    private void pay(Customer customer, String cartId, String method) {
        awaitOrdered(customer, cartId);
        String key = "mixed-" + UUID.randomUUID();
        retrying("pay", () -> {
            Response paid = shop.pay(customer, cartId, method, key);
            if (paid.statusCode() != 201 && !(paid.statusCode() == 409 && !paid.asString().contains("not ready"))) {
                throw new IllegalStateException("pay answered " + paid.statusCode());
            }
            return null;
        });
    }

    /** Waits until the purchase has its order (polling gently: 200 clients polling fast would cost the servers' CPU). */
    private void awaitOrdered(Customer customer, String cartId) {
        org.awaitility.Awaitility.await().atMost(Shop.EVENTUALLY).pollInterval(Duration.ofMillis(300)).until(() -> {
            Response purchase = given().baseUri(gateway).auth().oauth2(customer.token()).get("/api/purchases/" + cartId);
            return purchase.statusCode() == 200 && !purchase.jsonPath().getList("orders").isEmpty();
        });
    }

    /** Tries a client step again (for up to a minute) while a server does not answer it. */
    private <T> T retrying(String step, Supplier<T> call) {
        Instant giveUp = Instant.now().plusSeconds(60);
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException | AssertionError failure) {
                if (Instant.now().isAfter(giveUp)) {
                    throw failure;
                }
                retried(step);
                sleep(Duration.ofMillis(500));
            }
        }
    }

    private void retried(String step) {
        clientRetries.computeIfAbsent(step, s -> new AtomicInteger()).incrementAndGet();
    }

    /** Cancels the doomed concert once every purchase of it is over: the sold ones are compensated and refunded. */
    void cancelDoomedConcert() {
        retrying("cancel concert", () -> {
            shop.cancelConcert(doomedConcert);
            return null;
        });
    }

    static void sleep(Duration duration) {
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

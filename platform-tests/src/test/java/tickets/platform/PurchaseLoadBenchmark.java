package tickets.platform;

import io.restassured.response.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tickets.contracts.Topics;
import tickets.devstack.CpuUse;
import tickets.platform.Shop.Customer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static io.restassured.RestAssured.given;

/**
 * The whole purchase under an offered load: purchases start at a steady 5, 10, 50 and 100 per second
 * (open loop: each starts on time whether or not the earlier ones have finished), every service as
 * a process behind the gateway, with the production settings (the full JIT, the 10-minute hold).
 * A purchase: ConfirmCart, pay with pm_card_visa once its order is on Kafka, done when its ticket
 * is delivered. A pool of registered customers buys (one purchase in flight per customer, as the
 * platform allows): a customer is free again once their purchase has ended. Writes a Markdown table
 * to {@code target/benchmarks/purchase-load.md} (benchmarks/run.sh puts it into docs/benchmarks.md);
 * not part of the default run.
 */
@Tag("benchmark")
class PurchaseLoadBenchmark {

    private record Rate(int perSecond, Duration offeredFor) {
        int purchases() {
            return (int) (perSecond * offeredFor.toMillis() / 1000);
        }
    }

    private static final List<Rate> RATES = List.of(new Rate(5, Duration.ofSeconds(30)), new Rate(10, Duration.ofSeconds(30)),
            new Rate(50, Duration.ofSeconds(10)), new Rate(100, Duration.ofSeconds(6)));
    private static final int CUSTOMERS = Integer.getInteger("tickets.benchmark.customers", 200);
    /** The closed loop: this many customers, each buying one ticket after another (cart, confirm, pay, delivered). */
    private static final int CLOSED_LOOP_CUSTOMERS = 16;
    private static final Duration CLOSED_LOOP_FOR = Duration.ofSeconds(60);
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(120);
    /** The saga's steps as they reach Kafka, in order; PurchaseEnded frees the customer. */
    private static final List<String> STEPS = List.of("ReservationCreated", "OrderCreated", "PaymentConfirmed",
            "OrderCompleted", "OnlineTicketDelivered");

    /** A registered customer whose token is renewed when it runs out (tokens last 5 minutes). */
    private static final class Buyer {
        final String username;
        volatile Customer customer;

        Buyer(String username, Customer customer) {
            this.username = username;
            this.customer = customer;
        }

        void logInAgain(Platform platform) {
            customer = new Customer(customer.id(), platform.login(username, "buyer-pass-1"));
        }
    }

    /** One purchase: when it started and when each step arrived (nanoTime; 0: never), or why it was refused. */
    private record Outcome(long began, long paidAt, long[] steps, String refused) {
        boolean delivered() {
            return refused == null && steps[STEPS.size() - 1] != 0;
        }

        /** NaN when the step was not seen (left out of the percentiles). */
        double millisTo(int step) {
            return steps[step] == 0 ? Double.NaN : (steps[step] - began) / 1e6;
        }
    }

    private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
    /** The largest lag (records not yet consumed) each consumer group reached during the current rate. */
    private final Map<String, Long> maxLag = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
    /** What the load is doing now, for the backlog samples. */
    private volatile String phase = "warm-up";
    private final long benchmarkBegan = System.nanoTime();
    /** "seconds,phase,consumer group,lag" every 500 ms: the backlog over time. */
    private final List<String> backlog = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Each scenario's CPU per purchase, per process. */
    private final List<String> cpuLines = new ArrayList<>();
    private Platform platform;
    private Shop shop;

    @Test
    void purchases_at_5_10_50_and_100_per_second() throws Exception {
        platform = Platform.shared(true);
        shop = new Shop(platform);
        String concert = shop.concert(1_000_000, 3000);
        Queue<Buyer> free = new ConcurrentLinkedQueue<>(inParallel(CUSTOMERS, i -> newBuyer()));
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> types = new ArrayList<>(STEPS);
        types.add("PurchaseEnded");
        Thread consumer = PurchaseBenchmark.consume(platform, List.of(Topics.RESERVATIONS, Topics.ORDERS, Topics.PAYMENTS,
                Topics.DELIVERY), types, arrivals, running);
        List<String> rows = new ArrayList<>();
        Thread lagSampler = Thread.ofPlatform().daemon().name("lag-sampler").start(() -> sampleLag(running));
        try {
            // warm-up: the JIT and every consumer, at a pace that keeps up
            offer(new Rate(2, Duration.ofSeconds(15)), concert, free);
            refusals.clear();
            maxLag.clear();
            String closed = closedLoop(CLOSED_LOOP_CUSTOMERS, CLOSED_LOOP_FOR, concert, free);
            System.out.println("BENCHMARK " + closed);
            System.out.println("BENCHMARK largest consumer lag in the closed loop: " + lagSummary());
            Path closedOut = Path.of("target/benchmarks/purchase-closed-loop.md");
            Files.createDirectories(closedOut.getParent());
            Files.writeString(closedOut, "<!-- " + LocalDate.now() + " -->" + System.lineSeparator()
                    + "| customers, each buying one ticket after another | for | purchases delivered | purchases/s "
                    + "| ConfirmCart → OrderCompleted p50 / p90 / p99 | ConfirmCart → ticket delivered p50 / p90 / p99 / max "
                    + "| refused | CPU per purchase (all processes) |" + System.lineSeparator()
                    + "|---|---|---|---|---|---|---|---|" + System.lineSeparator() + closed + System.lineSeparator());
            if (!refusals.isEmpty()) {
                System.out.println("BENCHMARK refused: " + refusals);
                refusals.clear();
            }
            // -Dtickets.benchmark.closed-loop-only=true: the warm-up and the closed loop alone (for profiling)
            for (Rate rate : Boolean.getBoolean("tickets.benchmark.closed-loop-only") ? List.<Rate>of() : RATES) {
                maxLag.clear();
                phase = rate.perSecond() + "/s offered";
                rows.add(offer(rate, concert, free));
                System.out.println("BENCHMARK " + rows.getLast());
                System.out.println("BENCHMARK largest consumer lag at " + rate.perSecond() + "/s: " + lagSummary());
                if (!refusals.isEmpty()) {
                    System.out.println("BENCHMARK refused: " + refusals);
                    refusals.clear();
                }
            }
        } finally {
            running.set(false);
            consumer.join();
            lagSampler.join();
        }
        String table = String.join(System.lineSeparator(), List.of(
                "| offered purchases/s | offered for | started (no free customer) | delivered | delivered/s while offered "
                        + "| ConfirmCart → ticket delivered p50 / p90 / p99 / max | → OrderCompleted p50 / p99 "
                        + "| split at p50: → held, → ordered, pay request, paid → completed | refused "
                        + "| CPU per purchase (all processes) |",
                "|---|---|---|---|---|---|---|---|---|---|")) + System.lineSeparator()
                + String.join(System.lineSeparator(), rows) + System.lineSeparator();
        Path out = Path.of("target/benchmarks/purchase-load.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "<!-- " + LocalDate.now() + " -->" + System.lineSeparator() + table);
        System.out.println(table);
        Files.write(Path.of("target/benchmarks/purchase-backlog.csv"), backlog);
        Files.write(Path.of("target/benchmarks/purchase-cpu.md"), cpuLines);
    }

    /**
     * A closed loop: {@code customers} customers, each filling a cart of one ticket, confirming it, paying, and
     * starting the next purchase once the last one ended (as a customer's next purchase must wait), for
     * {@code measuredFor}. The rate is what the platform sustains; the latency is one purchase's on that platform.
     */
    private String closedLoop(int customers, Duration measuredFor, String concert, Queue<Buyer> free) throws Exception {
        phase = "closed loop of " + customers + " customers";
        List<Outcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        CpuUse cpuBefore = CpuUse.now();
        long began = System.nanoTime();
        long until = began + measuredFor.toNanos();
        try (ExecutorService loops = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < customers; c++) {
                Buyer buyer = free.poll();
                loops.submit(() -> {
                    while (System.nanoTime() < until) {
                        String cart = shop.filledCart(1, concert);
                        Outcome outcome = purchase(buyer, cart);
                        outcomes.add(outcome);
                        if (!awaitArrival("PurchaseEnded|" + cart, System.nanoTime() + GIVE_UP_AFTER.toNanos())) {
                            break;
                        }
                        Thread.sleep(300); // carts hears of the end a moment later; confirming earlier is a 409
                    }
                    free.add(buyer);
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        CpuUse cpu = CpuUse.now().since(cpuBefore);
        List<Outcome> delivered = outcomes.stream().filter(Outcome::delivered).toList();
        String cpuLine = "closed loop of " + customers + " customers: " + cpu.perUnit(Math.max(1, delivered.size()),
                "purchase delivered");
        System.out.println("BENCHMARK CPU in the " + cpuLine);
        cpuLines.add("- " + cpuLine);
        int last = STEPS.size() - 1;
        long refused = outcomes.stream().filter(o -> o.refused() != null).count();
        return String.format(Locale.ROOT, "| %d | %d s | %d | %.1f | %s | %s | %d | %,.0f ms |", customers,
                measuredFor.toSeconds(), delivered.size(), delivered.size() / seconds,
                String.join(" / ", ms(delivered, o -> o.millisTo(3), 50), ms(delivered, o -> o.millisTo(3), 90),
                        ms(delivered, o -> o.millisTo(3), 99)),
                String.join(" / ", ms(delivered, o -> o.millisTo(last), 50), ms(delivered, o -> o.millisTo(last), 90),
                        ms(delivered, o -> o.millisTo(last), 99), ms(delivered, o -> o.millisTo(last), 100)),
                refused, cpu.total().toNanos() / 1e6 / Math.max(1, delivered.size()));
    }

    private String offer(Rate rate, String concert, Queue<Buyer> free) throws Exception {
        List<String> carts = inParallel(rate.purchases(), i -> shop.filledCart(1, concert));
        List<Future<Outcome>> started = new ArrayList<>();
        int noFreeCustomer = 0;
        CpuUse cpuBefore = CpuUse.now();
        long began = System.nanoTime();
        try (ExecutorService purchases = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < carts.size(); i++) {
                long due = began + (long) (i * 1e9 / rate.perSecond());
                while (System.nanoTime() < due) {
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                Buyer buyer = free.poll();
                if (buyer == null) {
                    noFreeCustomer++;
                    continue;
                }
                String cart = carts.get(i);
                started.add(purchases.submit(() -> {
                    try {
                        return purchase(buyer, cart);
                    } finally {
                        freeWhenEnded(buyer, cart, free);
                    }
                }));
            }
        }
        long offeredUntil = began + rate.offeredFor().toNanos();
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> outcome : started) {
            outcomes.add(outcome.get());
        }
        CpuUse cpu = CpuUse.now().since(cpuBefore);
        List<Outcome> delivered = outcomes.stream().filter(Outcome::delivered).toList();
        String cpuLine = rate.perSecond() + "/s offered, until every purchase ended: "
                + cpu.perUnit(Math.max(1, delivered.size()), "purchase delivered");
        System.out.println("BENCHMARK CPU at " + cpuLine);
        if (rate.perSecond() > 2) {
            cpuLines.add("- " + cpuLine);
        }
        long deliveredWhileOffered = delivered.stream().filter(o -> o.steps()[STEPS.size() - 1] <= offeredUntil).count();
        long refused = outcomes.stream().filter(o -> o.refused() != null).count();
        int last = STEPS.size() - 1;
        return String.format(Locale.ROOT, "| %d | %d s | %d (%d) | %d | %.1f | %s | %s | %s, %s, %s, %s | %d | %,.0f ms |",
                rate.perSecond(), rate.offeredFor().toSeconds(), started.size(), noFreeCustomer, delivered.size(),
                deliveredWhileOffered / (rate.offeredFor().toMillis() / 1000.0),
                String.join(" / ", ms(delivered, o -> o.millisTo(last), 50), ms(delivered, o -> o.millisTo(last), 90),
                        ms(delivered, o -> o.millisTo(last), 99), ms(delivered, o -> o.millisTo(last), 100)),
                ms(delivered, o -> o.millisTo(3), 50) + " / " + ms(delivered, o -> o.millisTo(3), 99),
                ms(delivered, o -> o.millisTo(0), 50), ms(delivered, o -> o.millisTo(1), 50),
                ms(delivered, o -> (o.paidAt() - o.began()) / 1e6 - o.millisTo(1), 50),
                ms(delivered, o -> o.millisTo(3) - o.millisTo(2), 50), refused,
                cpu.total().toNanos() / 1e6 / Math.max(1, delivered.size()));
    }

    /** Every 500 ms: each consumer group's lag (end offsets − committed offsets, over its partitions). */
    private void sampleLag(AtomicBoolean running) {
        var props = new java.util.Properties();
        props.put("bootstrap.servers", platform.devstack.kafka().bootstrapServers());
        try (var admin = org.apache.kafka.clients.admin.Admin.create(props)) {
            while (running.get()) {
                // every group of one round is written with the round's time, so a plot sums them as one sample
                double round = (System.nanoTime() - benchmarkBegan) / 1e9;
                for (var group : admin.listConsumerGroups().all().get()) {
                    String id = group.groupId();
                    if (id.startsWith("benchmark-")) {
                        continue;
                    }
                    var committed = admin.listConsumerGroupOffsets(id).partitionsToOffsetAndMetadata().get();
                    var latest = admin.listOffsets(committed.keySet().stream().collect(java.util.stream.Collectors.toMap(
                            partition -> partition, partition -> org.apache.kafka.clients.admin.OffsetSpec.latest())))
                            .all().get();
                    long lag = 0;
                    for (var entry : committed.entrySet()) {
                        if (entry.getValue() != null && latest.containsKey(entry.getKey())) {
                            lag += Math.max(0, latest.get(entry.getKey()).offset() - entry.getValue().offset());
                        }
                    }
                    maxLag.merge(id, lag, Math::max);
                    backlog.add(String.format(Locale.ROOT, "%.3f,%s,%s,%d", round, phase, id, lag));
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.out.println("BENCHMARK lag sampling stopped: " + e);
        }
    }

    private String lagSummary() {
        return maxLag.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
    }

    private Outcome purchase(Buyer buyer, String cart) throws InterruptedException {
        long began = System.nanoTime();
        long deadline = began + GIVE_UP_AFTER.toNanos();
        long[] steps = new long[STEPS.size()];
        Response confirmed = confirm(buyer, cart, deadline);
        if (confirmed.statusCode() != 200) {
            return refused(began, steps, "confirm " + confirmed.statusCode() + " " + confirmed.asString());
        }
        // paid once its order is on Kafka (asking payments over and over at this load would be the load)
        awaitArrival("OrderCreated|" + cart, deadline);
        String key = "load-" + UUID.randomUUID();
        Response paid;
        long backoff = 50;
        while (true) {
            paid = shop.pay(buyer.customer, cart, "pm_card_visa", key);
            if (paid.statusCode() == 401) {
                buyer.logInAgain(platform);
            } else if (!(paid.statusCode() == 409 && paid.asString().contains("not ready")) || System.nanoTime() > deadline) {
                break;
            }
            // payments hears of the order a moment after it is on Kafka; a client that asked again every few ms
            // while the platform is behind would be most of the load (an earlier version of this benchmark did)
            Thread.sleep(backoff);
            backoff = Math.min(1_000, backoff * 2);
        }
        long paidAt = System.nanoTime();
        if (paid.statusCode() != 201 && paid.statusCode() != 200) {
            return refused(began, steps, "pay " + paid.statusCode() + " " + paid.asString());
        }
        awaitArrival(STEPS.getLast() + "|" + cart, deadline);
        for (int i = 0; i < STEPS.size(); i++) {
            steps[i] = arrivals.getOrDefault(STEPS.get(i) + "|" + cart, 0L);
        }
        return new Outcome(began, paidAt, steps, null);
    }

    /** Confirms the cart; 409 while the customer's previous purchase is still being closed in carts is retried. */
    private Response confirm(Buyer buyer, String cart, long deadline) throws InterruptedException {
        while (true) {
            Response answer = given().baseUri(platform.gateway).auth().oauth2(buyer.customer.token())
                    .post("/api/carts/" + cart + "/confirmation");
            if (answer.statusCode() == 401) {
                buyer.logInAgain(platform);
            } else if (answer.statusCode() != 409 || System.nanoTime() > deadline) {
                return answer;
            }
            Thread.sleep(100);
        }
    }

    private Outcome refused(long began, long[] steps, String why) {
        refusals.computeIfAbsent(why.length() > 200 ? why.substring(0, 200) : why, k -> new AtomicInteger())
                .incrementAndGet();
        return new Outcome(began, 0, steps, why);
    }

    /** The customer buys again once carts has closed their purchase (PurchaseEnded, and a moment for carts to hear it). */
    private void freeWhenEnded(Buyer buyer, String cart, Queue<Buyer> free) throws InterruptedException {
        if (awaitArrival("PurchaseEnded|" + cart, System.nanoTime() + GIVE_UP_AFTER.toNanos())) {
            Thread.sleep(300);
            free.add(buyer);
        }
    }

    private boolean awaitArrival(String key, long deadline) throws InterruptedException {
        while (!arrivals.containsKey(key)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    private Buyer newBuyer() {
        String username = "load-" + UUID.randomUUID().toString().substring(0, 12);
        String id = given().baseUri(platform.gateway).contentType("application/json").body("""
                        {"username":"%s","email":"%s@example.com","password":"buyer-pass-1","displayName":"A Buyer"}"""
                        .formatted(username, username)).post("/api/users")
                .then().statusCode(201).extract().path("id");
        return new Buyer(username, new Customer(id, platform.login(username, "buyer-pass-1")));
    }

    private static <T> List<T> inParallel(int count, java.util.function.IntFunction<T> make) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<T>> made = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                made.add(pool.submit(() -> make.apply(index)));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : made) {
                results.add(future.get());
            }
            return results;
        }
    }

    private static String ms(List<Outcome> outcomes, java.util.function.ToDoubleFunction<Outcome> value, int percentile) {
        if (outcomes.isEmpty()) {
            return "–";
        }
        List<Double> measured = outcomes.stream().map(value::applyAsDouble).filter(v -> !v.isNaN()).toList();
        if (measured.isEmpty()) {
            return "–";
        }
        return String.format(Locale.ROOT, "%,.0f ms", Percentiles.nearestRank(measured, percentile));
    }
}

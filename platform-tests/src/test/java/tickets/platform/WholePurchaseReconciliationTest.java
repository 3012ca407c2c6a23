package tickets.platform;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole purchase proven on numbers: a mixed run of 200 purchases through the gateway (paid,
 * declined, expired, cancelled, rejected, paid too late, concert cancelled after the sale), then
 * the books of all eight services must balance (see {@link Reconciliation}), and finance's audit of each
 * purchase must agree. The counts are printed.
 */
class WholePurchaseReconciliationTest {

    static final int PURCHASES = 200;
    private static Platform platform;
    private static Shop shop;

    @BeforeAll
    static void startThePlatform() {
        platform = Platform.shared();
        shop = new Shop(platform);
    }

    @Test
    void two_hundred_mixed_purchases_leave_every_service_s_books_balanced() throws Exception {
        MixedRun run = new MixedRun(shop, platform);
        Instant started = Instant.now();
        run.run(PURCHASES, 8, () -> true);
        Duration ran = Duration.between(started, Instant.now());

        settleAndReconcile(run, "mixed run");
        System.out.printf("[reconciliation] %d purchases in %d s (%s), client retries %s%n", run.attempts.size(),
                ran.toSeconds(), run.started, run.clientRetries);
    }

    /** Waits for the saga to come to rest, cancels the doomed concert, waits again, then asserts the books balance. */
    static Reconciliation settleAndReconcile(MixedRun run, String label) {
        List<String> carts = run.attempts.stream().map(MixedRun.Attempt::cartId).toList();
        Reconciliation books = new Reconciliation(Platform.shared().devstack.postgres(), new Shop(Platform.shared()));
        // every purchase of the doomed concert ended (sold or not) before the concert is cancelled
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .until(() -> books.check(carts, run.concerts, run.doomedConcert, false)
                        || books.problems.stream().noneMatch(p -> p.contains("has not ended")));
        run.cancelDoomedConcert();
        try {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(3))
                    .until(() -> books.check(carts, run.concerts, run.doomedConcert, false));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported below with every problem
        }
        books.check(carts, run.concerts, run.doomedConcert, true);
        System.out.printf("[reconciliation] %s: %s%n", label, books.counts.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        assertThat(books.problems).as("what does not balance after the " + label).isEmpty();
        // finance's own audit of the books agrees, purchase by purchase
        var audited = new Shop(Platform.shared()).awaitAudited(List.copyOf(books.purchases));
        assertThat(audited.entrySet()).as("purchases finance's audit finds unbalanced after the " + label)
                .filteredOn(entry -> !entry.getValue().isEmpty()).isEmpty();
        assertThat(books.counts.get("carts confirmed")).isGreaterThanOrEqualTo((long) PURCHASES);
        assertThat(books.counts.getOrDefault("credit notes", 0L)).isPositive();
        assertThat(new ArrayList<>(books.counts.keySet())).contains("purchases ended COMPLETED",
                "purchases ended CANCELLED", "purchases ended REJECTED", "invoices PAID", "invoices VOID");
        return books;
    }
}

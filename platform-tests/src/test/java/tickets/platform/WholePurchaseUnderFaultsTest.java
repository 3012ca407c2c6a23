package tickets.platform;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tickets.devstack.QuarkusService;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same mixed run of 200 purchases while a driver crashes each of the eight services once
 * (kill -9, then a restart on the same port) at random moments, and restarts the Kafka broker,
 * the outbox relay and PostgreSQL once each. Afterwards the books of every service balance as
 * they do without faults: nothing lost, nothing doubled. What was killed when is printed.
 */
class WholePurchaseUnderFaultsTest {

    private static Platform platform;

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }
    private static Shop shop;

    @BeforeAll
    static void startThePlatform() {
        platform = Platform.shared();
        shop = new Shop(platform);
    }

    /** A fault; {@code infrastructure}: a server every service needs, restarted only while no service is starting. */
    private record Fault(String what, boolean infrastructure, Runnable crash, Runnable recover) {
    }

    @Test
    void two_hundred_mixed_purchases_under_crashes_and_restarts_lose_nothing_and_double_nothing() throws Exception {
        MixedRun run = new MixedRun(shop, platform);
        List<Fault> faults = new ArrayList<>();
        for (Map.Entry<String, QuarkusService> service : platform.services.entrySet()) {
            faults.add(new Fault("kill -9 " + service.getKey() + "-service", false, () -> service.getValue().kill(),
                    () -> {
                        MixedRun.sleep(Duration.ofMillis(ThreadLocalRandom.current().nextInt(500, 3_000)));
                        service.getValue().start();
                    }));
        }
        faults.add(new Fault("restart kafka", true, () -> platform.devstack.kafka().close(),
                () -> platform.devstack.kafka().start()));
        faults.add(new Fault("restart outbox relay", true, () -> platform.devstack.relay().close(),
                () -> platform.devstack.relay().start()));
        faults.add(new Fault("restart postgres", true, () -> platform.devstack.postgres().close(),
                () -> platform.devstack.postgres().start()));
        Collections.shuffle(faults);

        Instant started = Instant.now();
        AtomicBoolean faultsDone = new AtomicBoolean();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ExecutorService restarts = java.util.concurrent.Executors.newCachedThreadPool();
        Thread driver = new Thread(() -> {
            List<java.util.concurrent.Future<?>> restarting = new ArrayList<>();
            try {
                for (Fault fault : faults) {
                    MixedRun.sleep(Duration.ofMillis(ThreadLocalRandom.current().nextInt(3_000, 10_000)));
                    if (fault.infrastructure()) { // a service starting needs its database and broker: let it finish
                        for (var pending : restarting) {
                            pending.get();
                        }
                    }
                    double at = seconds(started);
                    fault.crash().run();
                    java.util.concurrent.Future<?> recovery = restarts.submit(() -> {
                        fault.recover().run();
                        log.add(String.format(java.util.Locale.ROOT, "%6.1f s %s (back after %.1f s)", at, fault.what(),
                                seconds(started) - at));
                    });
                    restarting.add(recovery);
                    if (fault.infrastructure()) {
                        recovery.get();
                    }
                }
                for (var pending : restarting) {
                    pending.get();
                }
            } catch (Exception e) {
                log.add("the fault driver failed: " + e);
            } finally {
                faultsDone.set(true);
            }
        }, "fault-driver");
        driver.start();
        run.run(WholePurchaseReconciliationTest.PURCHASES, 6, faultsDone::get);
        driver.join();
        restarts.shutdown();

        System.out.println("[faults] what was killed when (services restart while the next fault comes):");
        log.forEach(line -> System.out.println("[faults]   " + line));
        System.out.printf("[faults] %d purchases in %d s (%s), client retries %s%n", run.attempts.size(),
                Duration.between(started, Instant.now()).toSeconds(), run.started, run.clientRetries);
        assertThat(log).as("every fault was injected and recovered from").hasSize(faults.size());
        WholePurchaseReconciliationTest.settleAndReconcile(run, "run under faults");
    }
}

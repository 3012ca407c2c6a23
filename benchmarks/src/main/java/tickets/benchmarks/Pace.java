package tickets.benchmarks;

import java.util.concurrent.locks.LockSupport;

/** Waits for a send's due time without spinning: the two cores belong to the servers under test. */
final class Pace {

    private Pace() {
    }

    static void until(long dueNanos) {
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}

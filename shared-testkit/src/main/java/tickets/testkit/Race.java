package tickets.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Two things that happen at the same moment, for tests of what two topics racing do to a service
 * (DESIGN.md section 9): each pair's two actions run on their own threads and are released together
 * by a barrier, pair after pair, so both records of a pair reach Kafka within a millisecond or two.
 */
public final class Race {

    private Race() {
    }

    /**
     * For {@code i} = 0 .. {@code pairs} - 1, runs {@code first.accept(i)} and {@code second.accept(i)} at once
     * (released together each time), and waits for all; a failure of either fails the race.
     */
    public static void pairs(int pairs, IntConsumer first, IntConsumer second) {
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> sides = new ArrayList<>();
            for (IntConsumer side : List.of(first, second)) {
                sides.add(threads.submit(() -> {
                    for (int i = 0; i < pairs; i++) {
                        together.await();
                        side.accept(i);
                    }
                    return null;
                }));
            }
            for (Future<?> side : sides) {
                side.get();
            }
        } catch (Exception e) {
            together.reset();
            throw new IllegalStateException("a side of the race failed", e);
        } finally {
            threads.shutdownNow();
        }
    }
}

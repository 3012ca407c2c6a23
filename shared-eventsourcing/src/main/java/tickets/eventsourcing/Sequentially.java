package tickets.eventsourcing;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.util.function.Function;

/**
 * One step per item, one after another (a reactive session runs one statement at a time), without
 * nesting one {@code Uni} per item: a {@code chain} built in a loop over thousands of items (a
 * batch of decided carts) nests as deep when it runs and can exhaust the thread's stack, which
 * leaves the transaction hanging instead of failing.
 */
public final class Sequentially {

    private Sequentially() {
    }

    public static <T> Uni<Void> forEach(Iterable<T> items, Function<T, Uni<?>> step) {
        return Multi.createFrom().iterable(items)
                .onItem().transformToUniAndConcatenate(item -> step.apply(item).replaceWithVoid())
                .collect().last()
                .replaceWithVoid();
    }
}

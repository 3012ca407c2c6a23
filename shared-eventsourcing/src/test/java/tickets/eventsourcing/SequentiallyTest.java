package tickets.eventsourcing;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Steps over a batch's items in order, however many there are, and stop at the first failure. */
class SequentiallyTest {

    @Test
    void a_hundred_thousand_steps_run_in_order_without_exhausting_the_stack() {
        List<Integer> seen = new ArrayList<>();
        List<Integer> items = IntStream.range(0, 100_000).boxed().toList();

        Sequentially.forEach(items, item -> Uni.createFrom().voidItem().invoke(() -> seen.add(item)))
                .await().atMost(Duration.ofSeconds(30));

        assertThat(seen).isEqualTo(items);
    }

    @Test
    void the_first_failing_step_fails_the_whole_and_the_rest_do_not_run() {
        List<Integer> seen = new ArrayList<>();

        assertThatThrownBy(() -> Sequentially.forEach(List.of(1, 2, 3, 4), item -> item == 3
                        ? Uni.createFrom().failure(new IllegalStateException("step " + item))
                        : Uni.createFrom().voidItem().invoke(() -> seen.add(item)))
                .await().atMost(Duration.ofSeconds(5)))
                .hasMessage("step 3");
        assertThat(seen).containsExactly(1, 2);
    }
}
